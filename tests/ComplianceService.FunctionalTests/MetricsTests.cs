using System.Net;
using System.Text;
using ComplianceService.Contracts.V1;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// <c>/metrics</c> on the HTTP endpoint of the server run as an operator runs it (a child process, so that no other
/// test's server shares its meters): the decision counter moves by exactly the calls made, over gRPC and REST alike,
/// the decision duration counts them, the revision in force is the info metric, and with
/// <c>Compliance:Metrics:Enabled=false</c> there is no <c>/metrics</c> at all.
/// </summary>
public sealed class MetricsTests
{
    private const string Decisions = "compliance_decisions_total";

    // St. Joseph SO0801 II.B.5: status in question, no charge or warrant: contacting ICE is REQUIRED.
    private static readonly EncounterRequest ContactIce = new()
    {
        Jurisdiction = "us-mo-st-joseph",
        Action = Action.ContactIce,
        Contact = Contact.TrafficStop,
        Role = Role.Suspect,
        Facts = { Fact.StatusInQuestion },
    };

    private static readonly (string, string)[] ContactIceRequired =
        [("jurisdiction", "us-mo-st-joseph"), ("kind", "ACTION_CONTACT_ICE"), ("outcome", "OUTCOME_REQUIRED")];

    [Fact]
    public async Task DecisionCounterMovesByTheCallsMadeAndTheRevisionInForceIsShown()
    {
        await using var served = await ServedProcess.StartAsync();
        var (http, client) = (served.Http, served.Client);
        var revision = (await client.ListJurisdictionsAsync(new ListJurisdictionsRequest())).PolicyRevision;

        var before = await ScrapeAsync(http);
        var countedBefore = before.Value(Decisions, ContactIceRequired) ?? 0;
        var timedBefore = before.Value("compliance_decision_duration_seconds_count", ("method", "CheckEncounter")) ?? 0;

        const int overGrpc = 5;
        for (var i = 0; i < overGrpc; i++)
        {
            Assert.Equal(Outcome.Required, (await client.CheckEncounterAsync(ContactIce)).Outcome);
        }

        const int overRest = 2;
        for (var i = 0; i < overRest; i++)
        {
            using var response = await http.PostAsync(
                "/v1/encounters:check",
                new StringContent(
                    """{"jurisdiction":"us-mo-st-joseph","action":"ACTION_CONTACT_ICE","contact":"CONTACT_TRAFFIC_STOP","role":"ROLE_SUSPECT","facts":["FACT_STATUS_IN_QUESTION"]}""",
                    Encoding.UTF8,
                    "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("\"OUTCOME_REQUIRED\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A refused request is not a decision.
        await Assert.ThrowsAsync<RpcException>(async () => await client.CheckEncounterAsync(new EncounterRequest(ContactIce) { Jurisdiction = "us-nowhere" }));

        var after = await ScrapeAsync(http);
        Assert.Equal(overGrpc + overRest, after.Value(Decisions, ContactIceRequired)! - countedBefore);
        Assert.Null(after.Value(Decisions, ("jurisdiction", "us-nowhere")));
        Assert.Equal(overGrpc + overRest, after.Value("compliance_decision_duration_seconds_count", ("method", "CheckEncounter"))! - timedBefore);

        // The info metric: 1 for the revision the server answers from.
        Assert.Equal(1, after.Value("compliance_policy_revision", ("revision", revision)));
        Assert.Single(after.Samples, s => s.Name == "compliance_policy_revision");
    }

    [Fact]
    public async Task AdviseCountsEveryActionsDecision()
    {
        await using var served = await ServedProcess.StartAsync();
        var (http, client) = (served.Http, served.Client);

        var before = await ScrapeAsync(http);
        var advice = await client.AdviseEncounterAsync(new EncounterRequest(ContactIce) { Action = Action.Unspecified });
        var after = await ScrapeAsync(http);

        // One decision per action (nine actions), each counted under its own kind and outcome.
        Assert.Equal(9, advice.Decisions.Count);
        foreach (var decision in advice.Decisions)
        {
            (string, string)[] labels =
                [("jurisdiction", "us-mo-st-joseph"), ("kind", "ACTION_" + SnakeUpper(decision.Action.ToString())), ("outcome", "OUTCOME_" + SnakeUpper(decision.Outcome.ToString()))];
            Assert.Equal(1, after.Value(Decisions, labels)! - (before.Value(Decisions, labels) ?? 0));
        }

        Assert.Equal(1, after.Value("compliance_decision_duration_seconds_count", ("method", "AdviseEncounter"))! -
            (before.Value("compliance_decision_duration_seconds_count", ("method", "AdviseEncounter")) ?? 0));
    }

    [Fact]
    public async Task CooperationDecisionsAreCountedUnderTheirRequest()
    {
        await using var served = await ServedProcess.StartAsync();
        var (http, client) = (served.Http, served.Client);

        var before = await ScrapeAsync(http);
        var decision = await client.CheckCooperationRequestAsync(
            new CooperationRequest { Jurisdiction = "us-mo-st-joseph", Request = Request.StatusInformation, Agency = Agency.Ice });
        var after = await ScrapeAsync(http);

        (string, string)[] labels =
            [("jurisdiction", "us-mo-st-joseph"), ("kind", "REQUEST_STATUS_INFORMATION"), ("outcome", "OUTCOME_" + SnakeUpper(decision.Outcome.ToString()))];
        Assert.Equal(1, after.Value(Decisions, labels)! - (before.Value(Decisions, labels) ?? 0));
        Assert.Null(after.Value(Decisions, ("kind", "UNKNOWN")));
    }

    [Fact]
    public async Task MetricsTurnedOffServeNoMetricsAndStillDecide()
    {
        await using var served = await ServedProcess.StartAsync("--Compliance:Metrics:Enabled=false");

        Assert.Equal(Outcome.Required, (await served.Client.CheckEncounterAsync(ContactIce)).Outcome);
        using var response = await served.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>GET /metrics as Prometheus scrapes it (text format 0.0.4).</summary>
    internal static async Task<PrometheusText> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/metrics answered {(int)response.StatusCode}: {text}");
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return PrometheusText.Parse(text);
    }

    // "ContactIce" -> "CONTACT_ICE", as the enum's wire name spells it.
    private static string SnakeUpper(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));

    // A server process with the clients each test talks to it through: HTTP (/metrics, REST) and gRPC.
    private sealed class ServedProcess : IAsyncDisposable
    {
        private readonly ServerProcess _server;
        private readonly GrpcChannel _channel;

        private ServedProcess(ServerProcess server)
        {
            _server = server;
            Http = new HttpClient { BaseAddress = server.HttpAddress, Timeout = TimeSpan.FromSeconds(30) };
            _channel = GrpcChannel.ForAddress(server.Address);
            Client = new ComplianceGrpc.ComplianceServiceClient(_channel);
        }

        public HttpClient Http { get; }

        public ComplianceGrpc.ComplianceServiceClient Client { get; }

        public static async Task<ServedProcess> StartAsync(params string[] settings) => new(await ServerProcess.StartAsync(settings));

        public async ValueTask DisposeAsync()
        {
            _channel.Dispose();
            Http.Dispose();
            await _server.DisposeAsync();
        }
    }
}
