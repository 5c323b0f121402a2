using ComplianceService.Contracts.V1;

namespace ComplianceService.Scenarios;

/// <summary>
/// Compares a <see cref="Decision"/> with a scenario and lists every difference.
/// <para>
/// Only the keys the scenario gives are compared: outcome; obligations (as a set of codes);
/// determining and overridden sources (as sets); provenance; depends_on (as a set); alternatives
/// (as a set of "true unknown facts = outcome", and their number); visa; what_if (the exact list,
/// in order). Provenance follows the file's header: the <c>provenance</c> map lists the
/// determining sources whose words are not OFFICIAL_TEXT, so when the scenario gives
/// <c>determining</c>, every determining citation must carry the map's provenance for its source,
/// or OFFICIAL_TEXT when the map does not name it. A scenario that sets include_what_if without a
/// <c>what_if</c> key does not assert the list.
/// </para>
/// <para>
/// Besides, whatever the scenario gives, the answer must keep what DOMAIN.md derives from the
/// request alone: no depends_on or alternatives without unknown facts, and alternatives (when
/// listed) one per assignment in binary counting order over unknown_facts; no what_if without
/// include_what_if, and each what_if entry a fact not listed as unknown, in Fact order, with
/// becomes_true the opposite of whether the request gave it and an outcome other than this
/// decision's; a visa (never VISA_NONE) for CERTIFY_VISA and none otherwise; a guidance line of 1-160 characters.
/// </para>
/// </summary>
public static class ScenarioComparer
{
    /// <summary>The longest guidance line a terminal shows.</summary>
    public const int MaxGuidanceLength = 160;

    /// <summary>The differences, empty when the decision meets the scenario.</summary>
    public static IReadOnlyList<string> Compare(Scenario scenario, Decision decision)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(decision);
        var problems = new List<string>();
        CompareExpectation(problems, scenario.Expect, decision);
        CheckRequestInvariants(problems, scenario, decision);
        return problems;
    }

    private static void CompareExpectation(List<string> problems, ScenarioExpectation expect, Decision decision)
    {
        if (decision.Outcome != expect.Outcome)
        {
            problems.Add($"outcome: expected {Name(expect.Outcome)}, got {Name(decision.Outcome)}");
        }

        if (expect.Obligations is { } obligations)
        {
            SameSet(problems, "obligations", obligations.Select(o => WireEnum.Name(o, "OBLIGATION_")),
                decision.Obligations.Select(o => WireEnum.Name(o.Code, "OBLIGATION_")));
        }

        if (expect.Determining is { } determining)
        {
            SameSet(problems, "determining", determining, Sources(decision, Effect.Determining));
        }

        CompareProvenance(problems, expect, decision);

        // A scenario that names the determining sources gives the whole citation picture: no
        // 'overridden' then means none was overridden.
        if ((expect.Overridden ?? (expect.Determining is null ? null : [])) is { } overridden)
        {
            SameSet(problems, "overridden", overridden, Sources(decision, Effect.Overridden));
        }

        if (expect.DependsOn is { } dependsOn)
        {
            SameSet(problems, "depends_on", dependsOn.Select(f => WireEnum.Name(f, "FACT_")),
                decision.DependsOn.Select(f => WireEnum.Name(f, "FACT_")));
        }

        if (expect.Alternatives is { } alternatives)
        {
            var expected = alternatives.Select(a => Key(a.TrueFacts) + "=" + Name(a.Outcome));
            var actual = decision.Alternatives.Select(a => Key(a.TrueFacts) + "=" + Name(a.Outcome));
            SameSet(problems, "alternatives", expected, actual);
            if (decision.Alternatives.Count != alternatives.Count)
            {
                problems.Add($"alternatives: expected {alternatives.Count}, got {decision.Alternatives.Count}");
            }
        }

        if (expect.Visa is { } visa && decision.Visa != visa)
        {
            problems.Add($"visa: expected {WireEnum.Name(visa, "VISA_")}, got {WireEnum.Name(decision.Visa, "VISA_")}");
        }

        if (expect.WhatIf is { } whatIf)
        {
            var want = whatIf.Select(w => w.ToString()).ToList();
            var got = decision.WhatIf.Select(w => new ScenarioWhatIf(w.Fact, w.BecomesTrue, w.Outcome).ToString()).ToList();
            if (!want.SequenceEqual(got, StringComparer.Ordinal))
            {
                problems.Add($"what_if: expected [{string.Join(", ", want)}], got [{string.Join(", ", got)}]");
            }
        }
    }

    /// <summary>
    /// With <c>determining</c> given, every determining citation's provenance is the map's value for
    /// its source or OFFICIAL_TEXT, and the map names only determining sources. Without it, each
    /// source the map names must have a determining citation with that provenance.
    /// </summary>
    private static void CompareProvenance(List<string> problems, ScenarioExpectation expect, Decision decision)
    {
        var determining = decision.Citations.Where(c => c.Effect == Effect.Determining).ToList();
        if (expect.Determining is not null)
        {
            foreach (var citation in determining)
            {
                var want = expect.Provenance.GetValueOrDefault(citation.Source, Provenance.OfficialText);
                if (citation.Provenance != want)
                {
                    problems.Add($"provenance: {citation.Source} {citation.Section}: expected {ProvenanceName(want)}, got {ProvenanceName(citation.Provenance)}");
                }
            }
        }

        foreach (var (source, want) in expect.Provenance.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var cited = determining.Where(c => c.Source == source).ToList();
            if (cited.Count == 0)
            {
                problems.Add($"provenance: {source} expected {ProvenanceName(want)}, but it is not a determining source");
            }
            else if (expect.Determining is null && cited.FirstOrDefault(c => c.Provenance != want) is { } wrong)
            {
                problems.Add($"provenance: {source} {wrong.Section}: expected {ProvenanceName(want)}, got {ProvenanceName(wrong.Provenance)}");
            }
        }
    }

    private static void CheckRequestInvariants(List<string> problems, Scenario scenario, Decision decision)
    {
        var unknown = scenario.UnknownFacts;
        if (unknown.Count == 0)
        {
            if (decision.Alternatives.Count > 0)
            {
                problems.Add("alternatives: none expected without unknown facts");
            }

            if (decision.DependsOn.Count > 0)
            {
                problems.Add("depends_on: none expected without unknown facts");
            }
        }
        else
        {
            foreach (var stray in decision.DependsOn.Where(f => !unknown.Contains(f)))
            {
                problems.Add($"depends_on: {WireEnum.Name(stray, "FACT_")} is not an unknown fact");
            }

            if (decision.Alternatives.Count > 0)
            {
                CheckCountingOrder(problems, unknown, decision);
            }
        }

        CheckWhatIf(problems, scenario, decision);

        if (scenario.Encounter?.Action != Contracts.V1.Action.CertifyVisa && decision.Visa != Visa.Unspecified)
        {
            problems.Add($"visa: none expected but for CERTIFY_VISA, got {WireEnum.Name(decision.Visa, "VISA_")}");
        }
        else if (scenario.Encounter?.Action == Contracts.V1.Action.CertifyVisa && decision.Visa is Visa.Unspecified or Visa.None)
        {
            problems.Add($"visa: a visa request is answered VISA_U, VISA_T or VISA_UNLISTED, got {WireEnum.Name(decision.Visa, "VISA_")}");
        }

        if (string.IsNullOrEmpty(decision.Guidance) || decision.Guidance.Length > MaxGuidanceLength)
        {
            problems.Add($"guidance: must be 1-{MaxGuidanceLength} characters, got {decision.Guidance.Length}");
        }
    }

    /// <summary>DOMAIN.md "Unknown facts": every assignment, all false first, the first listed fact the lowest bit.</summary>
    private static void CheckCountingOrder(List<string> problems, IReadOnlyList<Fact> unknown, Decision decision)
    {
        var count = 1 << unknown.Count;
        if (decision.Alternatives.Count != count)
        {
            problems.Add($"alternatives: {unknown.Count} unknown facts give {count} assignments, got {decision.Alternatives.Count}");
            return;
        }

        for (var i = 0; i < count; i++)
        {
            var want = Key(unknown.Where((_, bit) => (i & (1 << bit)) != 0));
            var got = Key(decision.Alternatives[i].TrueFacts);
            if (want != got)
            {
                problems.Add($"alternatives: assignment {i} should be [{want}] (binary counting order over unknown_facts), got [{got}]");
                return;
            }
        }
    }

    /// <summary>DOMAIN.md "What would change the answer", as far as the request alone decides it.</summary>
    private static void CheckWhatIf(List<string> problems, Scenario scenario, Decision decision)
    {
        if (!scenario.IncludeWhatIf)
        {
            if (decision.WhatIf.Count > 0)
            {
                problems.Add($"what_if: none expected without include_what_if, got {decision.WhatIf.Count}");
            }

            return;
        }

        var previous = Fact.Unspecified;
        foreach (var flip in decision.WhatIf)
        {
            var name = WireEnum.Name(flip.Fact, "FACT_");
            if (flip.Fact <= previous)
            {
                problems.Add($"what_if: {name} is out of Fact order (or listed twice)");
            }

            if (scenario.UnknownFacts.Contains(flip.Fact))
            {
                problems.Add($"what_if: {name} is listed as unknown and must be left out");
            }

            if (flip.BecomesTrue == scenario.KnownFacts.Contains(flip.Fact))
            {
                problems.Add($"what_if: {name} becomes_true must be {(!scenario.KnownFacts.Contains(flip.Fact) ? "true" : "false")} (the request {(scenario.KnownFacts.Contains(flip.Fact) ? "gives" : "does not give")} it)");
            }

            if (flip.Outcome == decision.Outcome || flip.Outcome == Outcome.Unspecified)
            {
                problems.Add($"what_if: {name} gives {Name(flip.Outcome)}, which is not a change from {Name(decision.Outcome)}");
            }

            previous = flip.Fact;
        }
    }

    private static IEnumerable<string> Sources(Decision decision, Effect effect) =>
        decision.Citations.Where(c => c.Effect == effect).Select(c => c.Source);

    private static string Key(IEnumerable<Fact> facts) =>
        string.Join(",", facts.Select(f => WireEnum.Name(f, "FACT_")).Order(StringComparer.Ordinal));

    private static string Name(Outcome outcome) => WireEnum.Name(outcome, "OUTCOME_");

    private static string ProvenanceName(Provenance provenance) => WireEnum.Name(provenance, "PROVENANCE_");

    private static void SameSet(List<string> problems, string field, IEnumerable<string> expected, IEnumerable<string> actual)
    {
        var want = expected.Order(StringComparer.Ordinal).Distinct().ToList();
        var got = actual.Order(StringComparer.Ordinal).Distinct().ToList();
        if (!want.SequenceEqual(got))
        {
            problems.Add($"{field}: expected [{string.Join(", ", want)}], got [{string.Join(", ", got)}]");
        }
    }
}
