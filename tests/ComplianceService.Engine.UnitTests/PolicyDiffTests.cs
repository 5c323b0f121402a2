using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Analysis;
using ComplianceService.Policies;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Engine.UnitTests;

/// <summary>
/// The exhaustive diff (<see cref="PolicyDiff"/>) against what the two snapshots decide: known edits of a copy of
/// the policies with their regions and counts worked out by hand from the YAML, and every region checked against
/// brute force (both snapshots deciding random requests on random dates).
/// </summary>
public sealed class PolicyDiffTests
{
    // Requests per date: 2^21 encounter facts x 5 contacts x 5 roles x 8 crime choices (7 crimes or none).
    private const long EncounterRequests = 2_097_152L * 5 * 5 * 8;

    private static readonly DateOnly RodriguezDay = new(2015, 4, 21);

    [Fact]
    public void Policies_compared_with_themselves_change_nothing()
    {
        var report = PolicyDiff.Compare(CompiledPolicies.Snapshot, Load(RepositoryPaths.Policies));

        Assert.False(report.HasChanges);
        Assert.Empty(report.Regions);
        Assert.Equal(CompiledPolicies.Snapshot.JurisdictionIds, report.Jurisdictions);
        Assert.True(report.InputsCompared > 0);
    }

    [Fact]
    public void Bozeman_inquire_status_made_permitted_changes_exactly_where_Rodriguez_does_not_prohibit()
    {
        using var copy = new PolicyDirectoryCopy();
        copy.Replace("us-mt-bozeman.yaml", "outcome: PROHIBITED", "outcome: PERMITTED");

        var report = PolicyDiff.Compare(CompiledPolicies.Snapshot, Load(copy.Path));

        // Only Bozeman's INQUIRE_STATUS, and only PROHIBITED -> PERMITTED with no obligation either side.
        Assert.NotEmpty(report.Regions);
        Assert.All(report.Regions, r =>
        {
            Assert.Equal(Jurisdictions.Bozeman, r.Jurisdiction);
            Assert.Equal(Action.InquireStatus, r.Action);
            Assert.Equal(Outcome.Prohibited, r.Before!.Outcome);
            Assert.Equal(Outcome.Permitted, r.After!.Outcome);
            Assert.Empty(r.ObligationsAdded);
            Assert.Empty(r.ObligationsRemoved);
        });

        // Before Rodriguez (2015-04-21) no other source speaks to INQUIRE_STATUS: every request changes, one region.
        var early = Assert.Single(report.Regions, r => r.Until == RodriguezDay);
        Assert.Null(early.From);
        Assert.Equal("any request", early.Condition.ToString());
        Assert.Equal(EncounterRequests, early.Requests);

        // From then on the federal rule still prohibits a stop (traffic or pedestrian) that the question would extend,
        // unless reasonable suspicion and (pertinence or unknown identity): 2/5 contacts x 1/2 x 5/8 of the facts stay.
        var late = report.Regions.Where(r => r.From == RodriguezDay).ToList();
        Assert.Equal(report.Regions.Count - 1, late.Count);
        Assert.All(late, r => Assert.Null(r.Until));
        Assert.Equal(EncounterRequests - (EncounterRequests * 2 / 5 / 2 * 5 / 8), late.Sum(r => r.Requests));
        Assert.Equal(367_001_600L, late.Sum(r => r.Requests));
        Assert.True(late.Count <= 4, string.Join(Environment.NewLine, late.Select(r => r.Condition)));

        // The regions hold exactly the requests the federal rule leaves alone.
        var random = new Random(12);
        for (var i = 0; i < 20_000; i++)
        {
            var (facts, contact, role, crime) = RandomEncounter(random, Action.InquireStatus);
            var rodriguezProhibits = contact is Contact.TrafficStop or Contact.PedestrianStop
                && facts.Contains(Fact.WouldExtendContact)
                && !(facts.Contains(Fact.ReasonableSuspicion) && (facts.Contains(Fact.StatusPertinent) || facts.Contains(Fact.IdentityUnknown)));
            Assert.Equal(!rodriguezProhibits, late.Count(r => r.Condition.Matches(facts, contact, role, crime)) == 1);
        }
    }

    [Fact]
    public void A_new_source_with_an_effective_date_changes_answers_from_that_date_on_only()
    {
        using var copy = new PolicyDirectoryCopy();
        copy.Append("us-mt-bozeman.yaml", """
              - id: bpd/order-2026
                title: Bozeman PD order on stops (test)
                short: BPD order 2026
                authority: DEPARTMENT_DIRECTIVE
                provenance: OFFICIAL_TEXT
                effective: 2026-03-01
                seed: none
                rules:
                  - section: "1"
                    quote: "No officer shall stop a person to determine immigration status."
                    actions: [STOP_FOR_STATUS]
                    outcome: PROHIBITED
                    guidance: "Do not stop anyone to determine status (BPD order 2026, 1)"

            """);

        var report = PolicyDiff.Compare(CompiledPolicies.Snapshot, Load(copy.Path));

        // Nothing in Bozeman's chain spoke to STOP_FOR_STATUS: NOT_ADDRESSED before, PROHIBITED from 2026-03-01.
        var region = Assert.Single(report.Regions);
        Assert.Equal(Jurisdictions.Bozeman, region.Jurisdiction);
        Assert.Equal(Action.StopForStatus, region.Action);
        Assert.Equal(new DateOnly(2026, 3, 1), region.From);
        Assert.Null(region.Until);
        Assert.Equal(Outcome.NotAddressed, region.Before!.Outcome);
        Assert.Equal(Outcome.Prohibited, region.After!.Outcome);
        Assert.Equal("any request", region.Condition.ToString());
        Assert.Equal(EncounterRequests, region.Requests);
    }

    [Fact]
    public void A_jurisdiction_removed_changes_every_answer_to_not_served_and_back()
    {
        using var copy = new PolicyDirectoryCopy();
        File.Delete(copy.File("us-mt-bozeman.yaml"));
        var without = Load(copy.Path);

        var removed = PolicyDiff.Compare(CompiledPolicies.Snapshot, without);
        var added = PolicyDiff.Compare(without, CompiledPolicies.Snapshot);

        Assert.All(removed.Regions, r => Assert.Equal((Jurisdictions.Bozeman, (DecisionSummary?)null), (r.Jurisdiction, r.After)));
        Assert.All(added.Regions, r => Assert.Equal((Jurisdictions.Bozeman, (DecisionSummary?)null), (r.Jurisdiction, r.Before)));

        // Every request of every action and request changes, on every date: on any day, the counts of a target's regions
        // in force add up to all requests of its kind (CERTIFY_VISA needs a crime: 7 choices, not 8).
        DateOnly[] days = [new(1900, 1, 1), new(1969, 12, 24), new(1996, 9, 30), new(2015, 4, 21), new(2026, 11, 30)];
        foreach (var target in removed.Regions.GroupBy(r => (r.Action, r.Request)))
        {
            foreach (var day in days)
            {
                var inForce = target.Where(r => (r.From is null || r.From <= day) && (r.Until is null || day < r.Until));
                Assert.Equal(InputRegion.AllRequests(target.Key.Action, target.Key.Request), inForce.Sum(r => r.Requests));
            }
        }

        Assert.Equal(2_097_152L * 5 * 5 * 7, InputRegion.AllRequests(Action.CertifyVisa, Request.Unspecified));
        Assert.Equal(256L, InputRegion.AllRequests(Action.Unspecified, Request.Detainer));
        Assert.Equal(9 + 6, removed.Regions.Select(r => (r.Action, r.Request)).Distinct().Count());
    }

    [Fact]
    public void Every_region_agrees_with_deciding_both_snapshots_for_random_requests_and_dates()
    {
        using var copy = new PolicyDirectoryCopy();
        copy.Replace("us-mt-bozeman.yaml", "outcome: PROHIBITED", "outcome: PERMITTED");
        copy.Replace("us-ks-roeland-park.yaml", "when: STATUS_PERTINENT\n", "when: STATUS_PERTINENT and not FOREIGN_NATIONAL\n");
        copy.Replace("us-ks-overland-park.yaml", "effective: 2017-02-25", "effective: 2019-06-01");
        copy.Replace("us.yaml", "        when: FOREIGN_NATIONAL\n        attach: [INFORM_CONSULAR_RIGHTS]", "        when: FOREIGN_NATIONAL and not KNOWN_STATUS\n        attach: [INFORM_CONSULAR_RIGHTS]");
        File.Delete(copy.File("us-ks-kansas-city.yaml"));
        var edited = Load(copy.Path);

        foreach (var (before, after) in new[] { (CompiledPolicies.Snapshot, edited), (edited, CompiledPolicies.Snapshot) })
        {
            var report = PolicyDiff.Compare(before, after);
            Assert.True(report.HasChanges);
            var random = new Random(2026);
            var changed = 0;
            for (var i = 0; i < 40_000; i++)
            {
                var jurisdiction = report.Jurisdictions[random.Next(report.Jurisdictions.Count)];
                var target = random.Next(15);
                var day = RandomDay(random, before, after);
                var asOf = day.ToDateTime(TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(random.Next(24 * 60))), DateTimeKind.Utc);
                DecisionTemplate? a, b;
                FactSet facts;
                Contact contact = Contact.Unspecified;
                Role role = Role.Unspecified;
                Crime crime = Crime.Unspecified;
                Action action = Action.Unspecified;
                Request request = Request.Unspecified;
                if (target < 9)
                {
                    action = (Action)(target + 1);
                    (facts, contact, role, crime) = RandomEncounter(random, action);
                    var query = new EncounterQuery { Jurisdiction = jurisdiction, Action = action, Contact = contact, Role = role, Crime = crime, Facts = facts, AsOf = asOf };
                    a = Template(before.CheckEncounter(query));
                    b = Template(after.CheckEncounter(query));
                }
                else
                {
                    request = (Request)(target - 9 + 1);
                    facts = RandomFacts(random, FactSet.BasisFacts);
                    var query = new CooperationQuery { Jurisdiction = jurisdiction, Request = request, Basis = facts, AsOf = asOf };
                    a = Template(before.CheckCooperationRequest(query));
                    b = Template(after.CheckCooperationRequest(query));
                }

                var matching = report.Regions
                    .Where(r => r.Jurisdiction == jurisdiction && r.Action == action && r.Request == request)
                    .Where(r => (r.From is null || r.From <= day) && (r.Until is null || day < r.Until))
                    .Where(r => r.Condition.Matches(facts, contact, role, crime))
                    .ToList();
                var differs = !SameAnswer(a, b);
                Assert.True(
                    differs ? matching.Count == 1 : matching.Count == 0,
                    $"{jurisdiction} {action}{request} {day} {string.Join(",", facts)} {contact} {role} {crime}: {a?.Outcome} vs {b?.Outcome}, {matching.Count} region(s)");
                if (differs)
                {
                    changed++;
                    Assert.Equal(a?.Outcome, matching[0].Before?.Outcome);
                    Assert.Equal(b?.Outcome, matching[0].After?.Outcome);
                }
            }

            Assert.True(changed > 100, $"only {changed} changed samples: the edits are not exercised");
        }
    }

    internal static PolicySnapshot Load(string folder)
    {
        var compilation = PolicyFolder.Compile(folder);
        Assert.True(compilation.Succeeded, string.Join(Environment.NewLine, compilation.Diagnostics));
        return PolicySnapshot.Load(compilation.Verified);
    }

    private static DecisionTemplate? Template(EngineDecision decision) => decision.IsDecided ? decision.Template : null;

    // What an officer is told to do: the outcome, the visa, and the obligations with who acts and by when.
    private static bool SameAnswer(DecisionTemplate? a, DecisionTemplate? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        static string Obligations(DecisionTemplate t) =>
            string.Join(";", t.Obligations.Select(o => $"{o.Code}/{o.Actor}/{o.Deadline}").Order(StringComparer.Ordinal));
        return a.Outcome == b.Outcome && a.Visa == b.Visa && Obligations(a) == Obligations(b);
    }

    // Mostly the days around the effective dates of either side, where answers change; some anywhere from 1950 on.
    private static DateOnly RandomDay(Random random, PolicySnapshot before, PolicySnapshot after)
    {
        var days = before.Jurisdictions.Concat(after.Jurisdictions)
            .SelectMany(j => j.Sources)
            .Select(s => s.Effective)
            .OfType<DateOnly>()
            .Distinct()
            .ToArray();
        return random.Next(3) == 0
            ? new DateOnly(1950, 1, 1).AddDays(random.Next(80 * 365))
            : days[random.Next(days.Length)].AddDays(random.Next(-1, 2));
    }

    internal static (FactSet Facts, Contact Contact, Role Role, Crime Crime) RandomEncounter(Random random, Action action)
    {
        var facts = RandomFacts(random, FactSet.EncounterFacts);
        var contact = (Contact)random.Next(1, 6);
        var role = (Role)random.Next(1, 6);
        var crime = (Crime)random.Next(action == Action.CertifyVisa ? 1 : 0, 8);
        return (facts, contact, role, crime);
    }

    // Each fact given with probability 1/2 or 1/6, so that both busy and sparse requests come up.
    private static FactSet RandomFacts(Random random, FactSet allowed)
    {
        var odds = random.Next(2) == 0 ? 2 : 6;
        var facts = FactSet.Empty;
        foreach (var fact in allowed)
        {
            if (random.Next(odds) == 0)
            {
                facts = facts.With(fact);
            }
        }

        return facts;
    }
}
