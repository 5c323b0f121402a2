using ComplianceService.Contracts.V1;
using Google.Protobuf;
using Action = ComplianceService.Contracts.V1.Action;
using ComplianceService.Testing.Hosting;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// DOMAIN.md "What would change the answer" together with "Unknown facts", over the wire: what_if
/// leaves out the facts listed as unknown, and each flip's outcome is the headline over every
/// assignment of them (the most cautious: PROHIBITED, APPROVAL_REQUIRED, REQUIRED, NOT_ADDRESSED,
/// PERMITTED). The expected answers below were worked out by hand from DOMAIN.md's rule tables (the
/// reasoning is beside each case); they are not in the scenario file.
/// </summary>
public sealed class WhatIfWireTests(ComplianceServerFactory server) : IClassFixture<ComplianceServerFactory>, IDisposable
{
    /// <summary>Encounter facts (every fact but CRIMINAL_ACTIVITY), in Fact order.</summary>
    private static readonly Fact[] EncounterFacts = [.. System.Enum.GetValues<Fact>().Where(f => f is not (Fact.Unspecified or Fact.CriminalActivity)).Order()];

    /// <summary>Cooperation basis facts, in Fact order.</summary>
    private static readonly Fact[] BasisFacts =
    [
        Fact.CriminalWarrant, Fact.ImmigrationWarrant, Fact.CourtOrder, Fact.StatuteRequires,
        Fact.PublicSafetyThreat, Fact.CrimeInProgress, Fact.SupervisorApproval, Fact.CriminalActivity,
    ];

    private static readonly Dictionary<string, Case> Cases = new Case[]
    {
        // rp/directive HONOR_DETAINER, in order: MANDATE and SUPERVISOR_APPROVAL -> REQUIRED; MANDATE ->
        // REQUIRED + OBTAIN_APPROVAL; PUBLIC_SAFETY_THREAT and SUPERVISOR_APPROVAL -> PERMITTED;
        // PUBLIC_SAFETY_THREAT -> APPROVAL_REQUIRED; otherwise PROHIBITED. No other source in force
        // for Roeland Park speaks to HONOR_DETAINER (the ordinance answers cooperation requests only).
        // Base: STATUTE_REQUIRES false -> APPROVAL_REQUIRED, true -> REQUIRED: headline APPROVAL_REQUIRED.
        // Flips (STATUTE_REQUIRES left out, being unknown): CRIMINAL_WARRANT or COURT_ORDER make MANDATE
        // in both assignments -> REQUIRED; PUBLIC_SAFETY_THREAT false -> PROHIBITED / REQUIRED, headline
        // PROHIBITED; SUPERVISOR_APPROVAL true -> PERMITTED / REQUIRED, headline REQUIRED (the first
        // assignment alone would say PERMITTED). Nothing else is read by these rows.
        new Case(
            "Roeland Park detainer hold on a threat, statute unknown",
            new EncounterRequest
            {
                Jurisdiction = "us-ks-roeland-park", Action = Action.HonorDetainer, Contact = Contact.Booking, Role = Role.Arrestee,
                Facts = { Fact.PublicSafetyThreat }, UnknownFacts = { Fact.StatuteRequires },
            },
            null,
            Outcome.ApprovalRequired,
            [],
            ["rp/directive"],
            [Fact.StatuteRequires],
            [([], Outcome.ApprovalRequired), ([Fact.StatuteRequires], Outcome.Required)],
            [
                (Fact.CriminalWarrant, true, Outcome.Required),
                (Fact.CourtOrder, true, Outcome.Required),
                (Fact.PublicSafetyThreat, false, Outcome.Prohibited),
                (Fact.SupervisorApproval, true, Outcome.Required),
            ]),

        // stj/so0801 CONTACT_ICE, in order: PROTECTED_WITNESS -> PROHIBITED; STATUS_IN_QUESTION and not
        // HOLD_BASIS -> REQUIRED + RELEASE_IF_NO_TIMELY_RESPONSE; STATUS_IN_QUESTION and DETAINED ->
        // PERMITTED + NOTIFY_ICE_ASAP; STATUS_IN_QUESTION -> PERMITTED. Rodriguez needs a stop; no
        // other source speaks to CONTACT_ICE in St. Joseph.
        // Base: STATE_CHARGE false -> REQUIRED (+ release), true -> HOLD_BASIS -> PERMITTED: headline
        // REQUIRED, with the first REQUIRED assignment's obligation.
        // Flips: any other HOLD_BASIS fact (ORDINANCE_VIOLATION, CRIMINAL_WARRANT, IMMIGRATION_WARRANT,
        // ICE_DETAINER, CRIME_IN_PROGRESS) -> PERMITTED in both; STATUS_IN_QUESTION false -> no rule
        // matches -> NOT_ADDRESSED in both. COURT_ORDER, STATUTE_REQUIRES and the rest are not read.
        new Case(
            "St. Joseph ICE contact, status in question, charge unknown",
            new EncounterRequest
            {
                Jurisdiction = "us-mo-st-joseph", Action = Action.ContactIce, Contact = Contact.CallForService, Role = Role.Suspect,
                Facts = { Fact.StatusInQuestion }, UnknownFacts = { Fact.StateCharge },
            },
            null,
            Outcome.Required,
            [Obligation.ReleaseIfNoTimelyResponse],
            ["stj/so0801"],
            [Fact.StateCharge],
            [([], Outcome.Required), ([Fact.StateCharge], Outcome.Permitted)],
            [
                (Fact.OrdinanceViolation, true, Outcome.Permitted),
                (Fact.CriminalWarrant, true, Outcome.Permitted),
                (Fact.ImmigrationWarrant, true, Outcome.Permitted),
                (Fact.IceDetainer, true, Outcome.Permitted),
                (Fact.CrimeInProgress, true, Outcome.Permitted),
                (Fact.StatusInQuestion, false, Outcome.NotAddressed),
            ]),

        // rp/directive DETAINER: MANDATE rows -> REQUIRED; PUBLIC_SAFETY_THREAT and SUPERVISOR_APPROVAL
        // -> PERMITTED; PUBLIC_SAFETY_THREAT -> APPROVAL_REQUIRED; then CRIMINAL_ACTIVITY rows; otherwise
        // PROHIBITED (III.d). rp/ordinance-2020: PUBLIC_SAFETY_THREAT or CRIME_IN_PROGRESS -> PERMITTED;
        // warrant, order or statute -> silent; otherwise PROHIBITED.
        // Base: SUPERVISOR_APPROVAL false -> APPROVAL_REQUIRED, true -> PERMITTED: headline APPROVAL_REQUIRED.
        // Flips: CRIMINAL_WARRANT, COURT_ORDER, STATUTE_REQUIRES -> REQUIRED in both; PUBLIC_SAFETY_THREAT
        // false -> PROHIBITED in both; CRIME_IN_PROGRESS and CRIMINAL_ACTIVITY come after the threat rows
        // (APPROVAL_REQUIRED / PERMITTED, headline unchanged); IMMIGRATION_WARRANT is not read.
        new Case(
            "Roeland Park detainer request on a threat, approval unknown",
            null,
            new CooperationRequest
            {
                Jurisdiction = "us-ks-roeland-park", Request = Request.Detainer, Agency = Agency.Ice,
                Basis = { Fact.PublicSafetyThreat }, UnknownFacts = { Fact.SupervisorApproval },
            },
            Outcome.ApprovalRequired,
            [],
            ["rp/directive"],
            [Fact.SupervisorApproval],
            [([], Outcome.ApprovalRequired), ([Fact.SupervisorApproval], Outcome.Permitted)],
            [
                (Fact.CriminalWarrant, true, Outcome.Required),
                (Fact.CourtOrder, true, Outcome.Required),
                (Fact.StatuteRequires, true, Outcome.Required),
                (Fact.PublicSafetyThreat, false, Outcome.Prohibited),
            ]),
    }.ToDictionary(c => c.Name, StringComparer.Ordinal);

    private readonly GrpcChannel _channel = server.CreateChannel();
    private readonly ErrorLogCheck _errors = server.ExpectNoErrors();

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    public void Dispose()
    {
        _channel.Dispose();
        _errors.Dispose();
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task WhatIfWithUnknownFactsIsTheHeadlineOfEachFlipWorkedOutByHand(string name)
    {
        var c = Cases[name];
        var client = new ComplianceGrpc.ComplianceServiceClient(_channel);
        var revision = (await client.ListJurisdictionsAsync(new ListJurisdictionsRequest())).PolicyRevision;

        var decision = await CallAsync(client, c, includeWhatIf: true, incidentId: "what-if");

        Assert.Equal(c.Outcome, decision.Outcome);
        Assert.Equal(c.Obligations.Order(), decision.Obligations.Select(o => o.Code).Order());
        Assert.Equal(c.Determining.Order(StringComparer.Ordinal), decision.Citations.Where(x => x.Effect == Effect.Determining).Select(x => x.Source).Order(StringComparer.Ordinal));
        Assert.Equal(c.DependsOn, decision.DependsOn);
        Assert.Equal(
            c.Alternatives.Select(a => Describe(a.TrueFacts, a.Outcome)),
            decision.Alternatives.Select(a => Describe(a.TrueFacts, a.Outcome)));
        Assert.Equal(
            c.WhatIf.Select(w => Describe(w.Fact, w.BecomesTrue, w.Outcome)),
            decision.WhatIf.Select(w => Describe(w.Fact, w.BecomesTrue, w.Outcome)));
        DecisionInvariants.AssertWellFormed(decision, revision, "what-if", name);
    }

    /// <summary>Without include_what_if the list is empty and the rest of the answer is the same.</summary>
    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task WithoutIncludeWhatIfTheListIsEmptyAndNothingElseChanges(string name)
    {
        var c = Cases[name];
        var client = new ComplianceGrpc.ComplianceServiceClient(_channel);

        var asked = await CallAsync(client, c, includeWhatIf: true, incidentId: "same");
        var plain = await CallAsync(client, c, includeWhatIf: false, incidentId: "same");

        Assert.NotEmpty(asked.WhatIf);
        Assert.Empty(plain.WhatIf);
        asked.WhatIf.Clear();
        asked.DecisionId = plain.DecisionId = "";
        Assert.Equal(plain, asked);
    }

    /// <summary>
    /// The list agrees with the service's own answers: for every fact of the request's kind that is
    /// not unknown, the same request with only that fact flipped has the headline what_if gives, and
    /// a fact what_if leaves out flips to the same headline as the request's.
    /// </summary>
    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task EachFlipAgreesWithAskingTheFlippedRequest(string name)
    {
        var c = Cases[name];
        var client = new ComplianceGrpc.ComplianceServiceClient(_channel);
        var decision = await CallAsync(client, c, includeWhatIf: true, incidentId: "flip");
        var listed = decision.WhatIf.ToDictionary(w => w.Fact);
        var unknown = c.Encounter?.UnknownFacts ?? c.Cooperation!.UnknownFacts;
        var known = c.Encounter?.Facts ?? c.Cooperation!.Basis;

        foreach (var fact in c.Encounter is not null ? EncounterFacts : BasisFacts)
        {
            if (unknown.Contains(fact))
            {
                Assert.False(listed.ContainsKey(fact), $"{fact} is unknown and must be left out");
                continue;
            }

            var flipped = await CallAsync(client, c.Flip(fact), includeWhatIf: false, incidentId: "flip-" + fact);
            if (listed.TryGetValue(fact, out var entry))
            {
                Assert.Equal(!known.Contains(fact), entry.BecomesTrue);
                Assert.True(flipped.Outcome == entry.Outcome, $"{fact} flipped: what_if says {entry.Outcome}, the flipped request answers {flipped.Outcome}");
            }
            else
            {
                Assert.True(flipped.Outcome == decision.Outcome, $"{fact} flipped changes {decision.Outcome} to {flipped.Outcome}, but what_if leaves it out");
            }
        }
    }

    private static Task<Decision> CallAsync(ComplianceGrpc.ComplianceServiceClient client, Case c, bool includeWhatIf, string incidentId)
    {
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30));
        return c.Encounter is { } encounter
            ? client.CheckEncounterAsync(new EncounterRequest(encounter) { IncludeWhatIf = includeWhatIf, IncidentId = incidentId }, options).ResponseAsync
            : client.CheckCooperationRequestAsync(new CooperationRequest(c.Cooperation!) { IncludeWhatIf = includeWhatIf, IncidentId = incidentId }, options).ResponseAsync;
    }

    private static string Describe(IEnumerable<Fact> trueFacts, Outcome outcome) =>
        "[" + string.Join(",", trueFacts.Order()) + "]=" + outcome;

    private static string Describe(Fact fact, bool becomesTrue, Outcome outcome) => $"{fact}->{becomesTrue}={outcome}";

    private sealed record Case(
        string Name,
        EncounterRequest? Encounter,
        CooperationRequest? Cooperation,
        Outcome Outcome,
        Obligation[] Obligations,
        string[] Determining,
        Fact[] DependsOn,
        (Fact[] TrueFacts, Outcome Outcome)[] Alternatives,
        (Fact Fact, bool BecomesTrue, Outcome Outcome)[] WhatIf)
    {
        /// <summary>This case with <paramref name="fact"/> added to, or taken from, the known facts.</summary>
        public Case Flip(Fact fact)
        {
            IMessage copy = Encounter is not null ? new EncounterRequest(Encounter) : new CooperationRequest(Cooperation!);
            var facts = copy is EncounterRequest e ? e.Facts : ((CooperationRequest)copy).Basis;
            if (!facts.Remove(fact))
            {
                facts.Add(fact);
            }

            return this with { Encounter = copy as EncounterRequest, Cooperation = copy as CooperationRequest };
        }
    }
}
