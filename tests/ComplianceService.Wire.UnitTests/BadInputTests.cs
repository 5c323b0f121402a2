using ComplianceService.Contracts.V1;
using ComplianceService.Engine;
using ComplianceService.Testing;
using Google.Protobuf.WellKnownTypes;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Wire.UnitTests;

/// <summary>DOMAIN.md "Bad input" and the limits of "Unknown facts": each is a clear error naming
/// the field, never a guess and never an exception. The adapter reads every field; the engine
/// only answers whether the jurisdiction is served.</summary>
public sealed class BadInputTests
{
    /// <summary>A request through the adapter as the server's handler sends it.</summary>
    private readonly record struct Checked(RequestError? Error, Decision? Reply)
    {
        public bool IsValid => Error is null;

        public Outcome Outcome => Reply?.Outcome ?? Outcome.Unspecified;
    }

    private readonly record struct Advised(RequestError? Error, EngineAdvice Advice)
    {
        public bool IsValid => Error is null;

        public ReadOnlySpan<EngineDecision> Decisions => Advice.Decisions;
    }

    private static Checked CheckEncounter(EncounterRequest request) =>
        new(CompiledPolicies.Served.CheckEncounter(request, Now, out var reply), reply);

    private static Checked CheckCooperationRequest(CooperationRequest request) =>
        new(CompiledPolicies.Served.CheckCooperationRequest(request, Now, out var reply), reply);

    private static Advised AdviseEncounter(EncounterRequest request)
    {
        if (RequestReader.ReadAdvice(request, Now, out var query) is { } error)
        {
            return new(error, default);
        }

        var advice = CompiledPolicies.Snapshot.AdviseEncounter(query);
        return new(advice.IsDecided ? null : RequestReader.UnknownJurisdiction(query.Jurisdiction), advice);
    }

    private static readonly DateTime Now = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    private const string StatusInQuestionUnknown =
        "unknown_facts: FACT_STATUS_IN_QUESTION may not be unknown: it is the officer's own articulable reason, so leave it out when there is none";

    private static EncounterRequest Encounter() => new()
    {
        Jurisdiction = "us-ks-roeland-park",
        Action = Action.InquireStatus,
        Contact = Contact.TrafficStop,
        Role = Role.Suspect,
    };

    private static CooperationRequest Cooperation() => new()
    {
        Jurisdiction = "us-ks-roeland-park",
        Request = Request.Detainer,
        Agency = Agency.Ice,
    };

    public static TheoryData<string, Action<EncounterRequest>, string> EncounterCases() => new()
    {
        { "action unset", r => r.Action = Action.Unspecified, "action: required (ACTION_UNSPECIFIED is not a value)" },
        { "action unknown", r => r.Action = (Action)42, "action: unknown value 42" },
        { "contact unset", r => r.Contact = Contact.Unspecified, "contact: required (CONTACT_UNSPECIFIED is not a value)" },
        { "contact unknown", r => r.Contact = (Contact)6, "contact: unknown value 6" },
        { "role unset", r => r.Role = Role.Unspecified, "role: required (ROLE_UNSPECIFIED is not a value)" },
        { "role unknown", r => r.Role = (Role)(-1), "role: unknown value -1" },
        { "crime unknown", r => r.Crime = (Crime)8, "crime: unknown value 8" },
        { "visa without crime", r => r.Action = Action.CertifyVisa, "crime: required for ACTION_CERTIFY_VISA" },
        { "cooperation fact", r => r.Facts.Add(Fact.CriminalActivity), "facts: FACT_CRIMINAL_ACTIVITY does not belong to an encounter" },
        { "unspecified fact", r => r.Facts.Add(Fact.Unspecified), "facts: FACT_UNSPECIFIED is not a fact" },
        { "unknown fact number", r => r.Facts.Add((Fact)99), "facts: unknown value 99" },
        { "five unknown facts", r => r.UnknownFacts.Add([Fact.StateCharge, Fact.CourtOrder, Fact.CrimeInProgress, Fact.SeriousCrime, Fact.KnownStatus]), "unknown_facts: at most 4 facts may be unknown, got 5" },
        { "known and unknown", r => { r.Facts.Add(Fact.StateCharge); r.UnknownFacts.Add(Fact.StateCharge); }, "unknown_facts: FACT_STATE_CHARGE is listed both as known and as unknown" },
        { "unknown twice", r => r.UnknownFacts.Add([Fact.StateCharge, Fact.StateCharge]), "unknown_facts: FACT_STATE_CHARGE is listed twice" },
        { "unknown cooperation fact", r => r.UnknownFacts.Add(Fact.CriminalActivity), "unknown_facts: FACT_CRIMINAL_ACTIVITY does not belong to an encounter" },
        { "unknown unspecified", r => r.UnknownFacts.Add(Fact.Unspecified), "unknown_facts: FACT_UNSPECIFIED is not a fact" },
        { "STATUS_IN_QUESTION unknown", r => r.UnknownFacts.Add(Fact.StatusInQuestion), StatusInQuestionUnknown },
        { "STATUS_IN_QUESTION unknown after another", r => r.UnknownFacts.Add([Fact.StateCharge, Fact.StatusInQuestion]), StatusInQuestionUnknown },
        { "STATUS_IN_QUESTION unknown with include_what_if", r => { r.UnknownFacts.Add(Fact.StatusInQuestion); r.IncludeWhatIf = true; }, StatusInQuestionUnknown },
        { "as_of before 1900", r => r.AsOf = Timestamp.FromDateTime(new DateTime(1899, 12, 31, 23, 59, 59, DateTimeKind.Utc)), "as_of: before 1900-01-01T00:00:00Z" },
        { "as_of far before 1900", r => r.AsOf = new Timestamp { Seconds = long.MinValue / 2 }, "as_of: before 1900-01-01T00:00:00Z" },
        { "as_of two days ahead", r => r.AsOf = Timestamp.FromDateTime(Now.AddDays(2)), "as_of: more than a day in the future" },
        { "as_of a day and a second ahead", r => r.AsOf = Timestamp.FromDateTime(Now.AddDays(1).AddSeconds(1)), "as_of: more than a day in the future" },
        { "as_of far ahead", r => r.AsOf = new Timestamp { Seconds = long.MaxValue / 2 }, "as_of: more than a day in the future" },
        { "as_of bad nanos", r => r.AsOf = new Timestamp { Seconds = 1_600_000_000, Nanos = -1 }, "as_of: nanos -1 out of range" },
        { "jurisdiction empty", r => r.Jurisdiction = "", "jurisdiction: required (a jurisdiction id such as 'us-ks-roeland-park')" },
    };

    [Theory]
    [MemberData(nameof(EncounterCases))]
    public void A_bad_encounter_is_INVALID_ARGUMENT_naming_the_field(string why, Action<EncounterRequest> spoil, string message)
    {
        var request = Encounter();
        spoil(request);

        var decision = CheckEncounter(request);

        Assert.False(decision.IsValid, why);
        Assert.Equal(RequestErrorKind.InvalidArgument, decision.Error!.Kind);
        Assert.Equal(message, decision.Error.Message);
        Assert.StartsWith(decision.Error.Field + ": ", message, StringComparison.Ordinal);
        Assert.Equal(Outcome.Unspecified, decision.Outcome);
        Assert.Null(decision.Reply);
    }

    public static TheoryData<string, Action<CooperationRequest>, string> CooperationCases() => new()
    {
        { "request unset", r => r.Request = Request.Unspecified, "request: required (REQUEST_UNSPECIFIED is not a value)" },
        { "request unknown", r => r.Request = (Request)7, "request: unknown value 7" },
        { "agency unset", r => r.Agency = Agency.Unspecified, "agency: required (AGENCY_UNSPECIFIED is not a value)" },
        { "agency unknown", r => r.Agency = (Agency)4, "agency: unknown value 4" },
        { "encounter fact in basis", r => r.Basis.Add(Fact.StateCharge), "basis: FACT_STATE_CHARGE does not belong to a cooperation request" },
        { "STATUS_IN_QUESTION in basis", r => r.Basis.Add(Fact.StatusInQuestion), "basis: FACT_STATUS_IN_QUESTION does not belong to a cooperation request" },
        { "CONSULAR_NOTIFICATION_REQUESTED in basis", r => r.Basis.Add(Fact.ConsularNotificationRequested), "basis: FACT_CONSULAR_NOTIFICATION_REQUESTED does not belong to a cooperation request" },
        { "MANDATORY_NOTIFICATION_COUNTRY in basis", r => r.Basis.Add(Fact.MandatoryNotificationCountry), "basis: FACT_MANDATORY_NOTIFICATION_COUNTRY does not belong to a cooperation request" },
        { "new fact in basis with include_what_if", r => { r.Basis.Add(Fact.StatusInQuestion); r.IncludeWhatIf = true; }, "basis: FACT_STATUS_IN_QUESTION does not belong to a cooperation request" },
        { "STATUS_IN_QUESTION unknown", r => r.UnknownFacts.Add(Fact.StatusInQuestion), "unknown_facts: FACT_STATUS_IN_QUESTION does not belong to a cooperation request" },
        { "unspecified basis", r => r.Basis.Add(Fact.Unspecified), "basis: FACT_UNSPECIFIED is not a fact" },
        { "encounter fact unknown", r => r.UnknownFacts.Add(Fact.WouldExtendContact), "unknown_facts: FACT_WOULD_EXTEND_CONTACT does not belong to a cooperation request" },
        { "five unknown", r => r.UnknownFacts.Add([Fact.CriminalWarrant, Fact.CourtOrder, Fact.StatuteRequires, Fact.PublicSafetyThreat, Fact.CrimeInProgress]), "unknown_facts: at most 4 facts may be unknown, got 5" },
        { "basis and unknown", r => { r.Basis.Add(Fact.CourtOrder); r.UnknownFacts.Add(Fact.CourtOrder); }, "unknown_facts: FACT_COURT_ORDER is listed both as known and as unknown" },
        { "as_of before 1900", r => r.AsOf = Timestamp.FromDateTime(new DateTime(1850, 1, 1, 0, 0, 0, DateTimeKind.Utc)), "as_of: before 1900-01-01T00:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(CooperationCases))]
    public void A_bad_cooperation_request_is_INVALID_ARGUMENT_naming_the_field(string why, Action<CooperationRequest> spoil, string message)
    {
        var request = Cooperation();
        spoil(request);

        var decision = CheckCooperationRequest(request);

        Assert.False(decision.IsValid, why);
        Assert.Equal(RequestErrorKind.InvalidArgument, decision.Error!.Kind);
        Assert.Equal(message, decision.Error.Message);
        Assert.StartsWith(decision.Error.Field + ": ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Advise_refuses_STATUS_IN_QUESTION_as_unknown()
    {
        var request = Encounter();
        request.Action = Action.Unspecified;
        request.UnknownFacts.Add(Fact.StatusInQuestion);

        var advice = AdviseEncounter(request);

        Assert.False(advice.IsValid);
        Assert.Equal("unknown_facts", advice.Error!.Field);
        Assert.Equal(StatusInQuestionUnknown, advice.Error.Message);
    }

    [Fact]
    public void An_unknown_jurisdiction_is_NOT_FOUND_never_a_guess()
    {
        var encounter = Encounter();
        encounter.Jurisdiction = "us-xx";
        var cooperation = Cooperation();
        cooperation.Jurisdiction = "US-KS-ROELAND-PARK";

        var e = CheckEncounter(encounter).Error!;
        var c = CheckCooperationRequest(cooperation).Error!;

        Assert.Equal(RequestErrorKind.NotFound, e.Kind);
        Assert.Equal("jurisdiction: unknown jurisdiction 'us-xx'", e.Message);
        Assert.Equal(RequestErrorKind.NotFound, c.Kind);
        Assert.Equal("jurisdiction", c.Field);
    }

    [Fact]
    public void Advise_with_an_action_set_is_INVALID_ARGUMENT_naming_action()
    {
        var advice = AdviseEncounter(Encounter());

        Assert.False(advice.IsValid);
        Assert.Equal("action", advice.Error!.Field);
        Assert.Contains("ACTION_INQUIRE_STATUS", advice.Error.Message);
    }

    [Fact]
    public void Advise_validates_like_Check()
    {
        var request = Encounter();
        request.Action = Action.Unspecified;
        request.Role = Role.Unspecified;

        Assert.Equal("role", AdviseEncounter(request).Error!.Field);
    }

    [Fact]
    public void Advise_answers_CERTIFY_VISA_without_a_crime_with_no_visa()
    {
        var request = Encounter();
        request.Action = Action.Unspecified;
        request.Jurisdiction = "us-mo-st-joseph";

        var advice = AdviseEncounter(request);

        var visa = advice.Decisions[(int)Action.CertifyVisa - 1];
        Assert.Equal(Visa.Unspecified, visa.Template.Visa);
        Assert.Equal(Outcome.Required, visa.Outcome);
        Assert.Equal(Action.CertifyVisa, visa.Template.Action);
    }

    [Fact]
    public void As_of_within_a_day_ahead_and_from_1900_is_accepted()
    {
        var ahead = Encounter();
        ahead.AsOf = Timestamp.FromDateTime(Now.AddHours(23));
        var early = Encounter();
        early.AsOf = Timestamp.FromDateTime(new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        Assert.True(CheckEncounter(ahead).IsValid);
        var decision = CheckEncounter(early);
        Assert.True(decision.IsValid);
        Assert.Equal(Outcome.Prohibited, decision.Outcome); // the RP directive has no date: in force for every date
    }

    [Fact]
    public void Four_unknown_facts_are_accepted()
    {
        var request = Encounter();
        request.UnknownFacts.Add([Fact.StateCharge, Fact.CourtOrder, Fact.CrimeInProgress, Fact.SeriousCrime]);

        var decision = CheckEncounter(request);

        Assert.True(decision.IsValid);
        Assert.Equal(16, decision.Reply!.Alternatives.Count);
    }
}
