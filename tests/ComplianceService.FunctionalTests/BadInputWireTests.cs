using ComplianceService.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Action = ComplianceService.Contracts.V1.Action;
using ComplianceService.Testing.Hosting;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// DOMAIN.md "Bad input" and the limits of "Unknown facts", over the wire: each bad request is a
/// clear INVALID_ARGUMENT or NOT_FOUND whose message starts with the field it names (never a
/// guess, never INTERNAL), and the next good call on the same channel still succeeds.
/// </summary>
public sealed class BadInputWireTests(ComplianceServerFactory server) : IClassFixture<ComplianceServerFactory>, IDisposable
{
    private static readonly Dictionary<string, BadRequest> Cases = new BadRequest[]
    {
        // Unset (zero) enums where one is required.
        Encounter("action unset", r => r.Action = Action.Unspecified, "action"),
        Encounter("contact unset", r => r.Contact = Contact.Unspecified, "contact"),
        Encounter("role unset", r => r.Role = Role.Unspecified, "role"),
        Encounter("CERTIFY_VISA without crime", r => r.Action = Action.CertifyVisa, "crime"),
        Cooperation("request unset", r => r.Request = Request.Unspecified, "request"),
        Cooperation("agency unset", r => r.Agency = Agency.Unspecified, "agency"),

        // Unknown enum numbers, sent raw.
        Encounter("action 99", r => r.Action = (Action)99, "action"),
        Encounter("contact 42", r => r.Contact = (Contact)42, "contact"),
        Encounter("role 42", r => r.Role = (Role)42, "role"),
        Encounter("crime 99", r => r.Crime = (Crime)99, "crime"),
        Encounter("fact 99", r => r.Facts.Add((Fact)99), "facts"),
        Encounter("unknown fact 99", r => r.UnknownFacts.Add((Fact)99), "unknown_facts"),
        Cooperation("request 99", r => r.Request = (Request)99, "request"),
        Cooperation("agency 99", r => r.Agency = (Agency)99, "agency"),
        Cooperation("basis fact 99", r => r.Basis.Add((Fact)99), "basis"),

        // A fact that does not belong to the request kind.
        Encounter("CRIMINAL_ACTIVITY in an encounter", r => r.Facts.Add(Fact.CriminalActivity), "facts"),
        Encounter("CRIMINAL_ACTIVITY unknown in an encounter", r => r.UnknownFacts.Add(Fact.CriminalActivity), "unknown_facts"),
        Cooperation("FOREIGN_NATIONAL in a cooperation basis", r => r.Basis.Add(Fact.ForeignNational), "basis"),
        Cooperation("WOULD_EXTEND_CONTACT unknown in a cooperation request", r => r.UnknownFacts.Add(Fact.WouldExtendContact), "unknown_facts"),

        // Version 2's facts are encounter facts only.
        Cooperation("STATUS_IN_QUESTION in a cooperation basis", r => r.Basis.Add(Fact.StatusInQuestion), "basis"),
        Cooperation("CONSULAR_NOTIFICATION_REQUESTED in a cooperation basis", r => r.Basis.Add(Fact.ConsularNotificationRequested), "basis"),
        Cooperation("MANDATORY_NOTIFICATION_COUNTRY in a cooperation basis", r => r.Basis.Add(Fact.MandatoryNotificationCountry), "basis"),
        Cooperation("STATUS_IN_QUESTION unknown in a cooperation request", r => r.UnknownFacts.Add(Fact.StatusInQuestion), "unknown_facts"),

        // Unknown facts: more than four, or known and unknown at once.
        Encounter(
            "five unknown facts",
            r => r.UnknownFacts.Add([Fact.StateCharge, Fact.CourtOrder, Fact.CrimeInProgress, Fact.SeriousCrime, Fact.KnownStatus]),
            "unknown_facts"),
        Cooperation(
            "five unknown basis facts",
            r => r.UnknownFacts.Add([Fact.CriminalWarrant, Fact.CourtOrder, Fact.StatuteRequires, Fact.PublicSafetyThreat, Fact.CrimeInProgress]),
            "unknown_facts"),
        Encounter("fact known and unknown", r => { r.Facts.Add(Fact.StateCharge); r.UnknownFacts.Add(Fact.StateCharge); }, "unknown_facts"),
        Cooperation("basis known and unknown", r => { r.Basis.Add(Fact.CourtOrder); r.UnknownFacts.Add(Fact.CourtOrder); }, "unknown_facts"),

        // STATUS_IN_QUESTION is the officer's own articulable reason: never unknown (unstated means false).
        Encounter("STATUS_IN_QUESTION unknown", r => r.UnknownFacts.Add(Fact.StatusInQuestion), "unknown_facts"),
        Encounter(
            "STATUS_IN_QUESTION unknown beside another unknown, with include_what_if",
            r => { r.UnknownFacts.Add([Fact.StateCharge, Fact.StatusInQuestion]); r.IncludeWhatIf = true; },
            "unknown_facts"),
        Advise("AdviseEncounter STATUS_IN_QUESTION unknown", r => { r.Action = Action.Unspecified; r.UnknownFacts.Add(Fact.StatusInQuestion); }, "unknown_facts"),

        // Jurisdiction.
        Encounter("unknown jurisdiction", r => r.Jurisdiction = "us-xx-nowhere", "jurisdiction", StatusCode.NotFound),
        Cooperation("jurisdiction in the wrong case", r => r.Jurisdiction = "US-KS-ROELAND-PARK", "jurisdiction", StatusCode.NotFound),
        Encounter("jurisdiction empty", r => r.Jurisdiction = "", "jurisdiction"),

        // as_of out of range (the server's clock decides "the future").
        Encounter("as_of before 1900", r => r.AsOf = Timestamp.FromDateTime(new DateTime(1899, 12, 31, 23, 59, 59, DateTimeKind.Utc)), "as_of"),
        Cooperation("as_of before 1900", r => r.AsOf = Timestamp.FromDateTime(new DateTime(1850, 1, 1, 0, 0, 0, DateTimeKind.Utc)), "as_of"),
        Encounter("as_of two days ahead", r => r.AsOf = Timestamp.FromDateTime(DateTime.UtcNow.AddDays(2)), "as_of"),
        Cooperation("as_of two days ahead", r => r.AsOf = Timestamp.FromDateTime(DateTime.UtcNow.AddDays(2)), "as_of"),

        // AdviseEncounter: the action must be left unset, and it validates like CheckEncounter.
        Advise("AdviseEncounter with action set", r => r.Action = Action.InquireStatus, "action"),
        Advise("AdviseEncounter role unset", r => { r.Action = Action.Unspecified; r.Role = Role.Unspecified; }, "role"),
        Advise("AdviseEncounter unknown jurisdiction", r => { r.Action = Action.Unspecified; r.Jurisdiction = "us-xx"; }, "jurisdiction", StatusCode.NotFound),
        Advise(
            "AdviseEncounter five unknown facts",
            r => { r.Action = Action.Unspecified; r.UnknownFacts.Add([Fact.StateCharge, Fact.CourtOrder, Fact.CrimeInProgress, Fact.SeriousCrime, Fact.KnownStatus]); },
            "unknown_facts"),
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
    public async Task BadRequestIsRefusedNamingTheFieldAndTheNextGoodCallSucceeds(string name)
    {
        var bad = Cases[name];
        var client = new ComplianceGrpc.ComplianceServiceClient(_channel);

        var exception = await Assert.ThrowsAsync<RpcException>(() => bad.Send(client));

        Assert.Equal(bad.Code, exception.StatusCode);
        Assert.StartsWith(bad.Field + ": ", exception.Status.Detail, StringComparison.Ordinal);
        Assert.True(exception.Status.Detail.Length > bad.Field.Length + 2, "the message says what is wrong, not only the field");

        var good = await client.CheckEncounterAsync(GoodEncounter());
        Assert.NotEqual(Outcome.Unspecified, good.Outcome);
        Assert.NotEmpty(good.DecisionId);
    }

    [Fact]
    public async Task TheRequestsAroundTheLimitsAreAccepted()
    {
        var client = new ComplianceGrpc.ComplianceServiceClient(_channel);
        var fourUnknown = GoodEncounter();
        fourUnknown.UnknownFacts.Add([Fact.StateCharge, Fact.CourtOrder, Fact.CrimeInProgress, Fact.SeriousCrime]);
        var from1900 = GoodEncounter();
        from1900.AsOf = Timestamp.FromDateTime(new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var hoursAhead = GoodEncounter();
        hoursAhead.AsOf = Timestamp.FromDateTime(DateTime.UtcNow.AddHours(12));
        var advise = GoodEncounter();
        advise.Action = Action.Unspecified;

        Assert.Equal(16, (await client.CheckEncounterAsync(fourUnknown)).Alternatives.Count);
        Assert.NotEqual(Outcome.Unspecified, (await client.CheckEncounterAsync(from1900)).Outcome);
        Assert.NotEqual(Outcome.Unspecified, (await client.CheckEncounterAsync(hoursAhead)).Outcome);
        Assert.Equal(System.Enum.GetValues<Action>().Length - 1, (await client.AdviseEncounterAsync(advise)).Decisions.Count);
    }

    private static EncounterRequest GoodEncounter() => new()
    {
        Jurisdiction = "us-ks-roeland-park",
        Action = Action.InquireStatus,
        Contact = Contact.TrafficStop,
        Role = Role.Suspect,
    };

    private static CooperationRequest GoodCooperation() => new()
    {
        Jurisdiction = "us-ks-roeland-park",
        Request = Request.Detainer,
        Agency = Agency.Ice,
    };

    private static BadRequest Encounter(string name, Action<EncounterRequest> spoil, string field, StatusCode code = StatusCode.InvalidArgument)
    {
        var request = GoodEncounter();
        spoil(request);
        return new BadRequest("CheckEncounter: " + name, field, code, client => client.CheckEncounterAsync(request).ResponseAsync);
    }

    private static BadRequest Cooperation(string name, Action<CooperationRequest> spoil, string field, StatusCode code = StatusCode.InvalidArgument)
    {
        var request = GoodCooperation();
        spoil(request);
        return new BadRequest("CheckCooperationRequest: " + name, field, code, client => client.CheckCooperationRequestAsync(request).ResponseAsync);
    }

    private static BadRequest Advise(string name, Action<EncounterRequest> spoil, string field, StatusCode code = StatusCode.InvalidArgument)
    {
        var request = GoodEncounter();
        spoil(request);
        return new BadRequest(name, field, code, client => client.AdviseEncounterAsync(request).ResponseAsync);
    }

    private sealed record BadRequest(string Name, string Field, StatusCode Code, Func<ComplianceGrpc.ComplianceServiceClient, Task> Send);
}
