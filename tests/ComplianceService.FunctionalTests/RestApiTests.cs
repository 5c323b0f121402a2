using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceService.Contracts.V1;
using ComplianceService.Scenarios;
using ComplianceService.Testing;
using ComplianceService.Testing.Hosting;
using Google.Protobuf;
using Grpc.Health.V1;
using Grpc.Net.Client.Web;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// The REST/JSON routes (gRPC JSON transcoding), the OpenAPI document and gRPC-Web on the server's HTTP endpoint
/// (<c>Kestrel:Endpoints:Http</c>, 127.0.0.1 port 0), driven with a plain <see cref="HttpClient"/> and JSON written by
/// hand: every public scenario answers over REST as over gRPC, bad input is 400 naming the field, an unknown
/// jurisdiction 404, an oversized body 429, all as JSON google.rpc.Status.
/// </summary>
public sealed class RestApiTests(ComplianceServerFactory server) : IClassFixture<ComplianceServerFactory>, IDisposable
{

    private readonly HttpClient _http = new() { BaseAddress = server.HttpAddress, Timeout = TimeSpan.FromSeconds(30) };
    private readonly GrpcChannel _channel = server.CreateChannel();
    private readonly ErrorLogCheck _errors = server.ExpectNoErrors();

    public void Dispose()
    {
        _http.Dispose();
        _channel.Dispose();
        _errors.Dispose();
    }

    [SharedTheory]
    [MemberData(nameof(PublicScenarios.Names), MemberType = typeof(PublicScenarios))]
    public async Task ScenarioAnswersOverRestAsOverGrpc(string name)
    {
        var scenario = PublicScenarios.Named(name);
        var client = new ComplianceGrpc.ComplianceServiceClient(_channel);
        var revision = (await client.ListJurisdictionsAsync(new ListJurisdictionsRequest())).PolicyRevision;
        var incidentId = "rest-" + name;

        var (route, body, grpcTask) = scenario.Encounter is { } encounter
            ? ("/v1/encounters:check", RestJson.Encounter(new EncounterRequest(encounter) { IncidentId = incidentId }),
                client.CheckEncounterAsync(new EncounterRequest(encounter) { IncidentId = incidentId }).ResponseAsync)
            : ("/v1/cooperation-requests:check", RestJson.Cooperation(new CooperationRequest(scenario.Cooperation!) { IncidentId = incidentId }),
                client.CheckCooperationRequestAsync(new CooperationRequest(scenario.Cooperation!) { IncidentId = incidentId }).ResponseAsync);
        using var response = await PostAsync(route, body.ToJsonString());
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: HTTP {(int)response.StatusCode} {json}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);

        // Enums travel as their names.
        using (var document = JsonDocument.Parse(json))
        {
            var outcome = document.RootElement.GetProperty("outcome");
            Assert.Equal(JsonValueKind.String, outcome.ValueKind);
            Assert.StartsWith("OUTCOME_", outcome.GetString(), StringComparison.Ordinal);
        }

        var rest = JsonParser.Default.Parse<Decision>(json);
        var problems = ScenarioComparer.Compare(scenario, rest).Concat(DecisionInvariants.Problems(rest, revision, incidentId)).ToList();
        Assert.True(problems.Count == 0, $"{name}: {string.Join("; ", problems)}");

        // The same answer as gRPC gives for the same request, field by field, less the decision id.
        var grpc = await grpcTask;
        Assert.NotEqual(grpc.DecisionId, rest.DecisionId);
        grpc.DecisionId = rest.DecisionId = "";
        Assert.Equal(grpc, rest);
    }

    [Fact]
    public async Task AdviseOverRestGivesEveryActionAsGrpcDoes()
    {
        var request = new JsonObject
        {
            ["jurisdiction"] = "us-mo-st-joseph",
            ["contact"] = "CONTACT_TRAFFIC_STOP",
            ["role"] = "ROLE_SUSPECT",
            ["facts"] = new JsonArray("FACT_STATUS_IN_QUESTION"),
        };
        using var response = await PostAsync("/v1/encounters:advise", request.ToJsonString());
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json);

        var rest = JsonParser.Default.Parse<EncounterAdvice>(json);
        var grpc = await new ComplianceGrpc.ComplianceServiceClient(_channel).AdviseEncounterAsync(new EncounterRequest
        {
            Jurisdiction = "us-mo-st-joseph", Contact = Contact.TrafficStop, Role = Role.Suspect, Facts = { Fact.StatusInQuestion },
        });
        Assert.NotEmpty(rest.Decisions);
        Assert.Equal(grpc.Decisions.Select(d => (d.Action, d.Outcome)), rest.Decisions.Select(d => (d.Action, d.Outcome)));
    }

    [Fact]
    public async Task JurisdictionsAreListedOverRest()
    {
        using var response = await _http.GetAsync(new Uri("/v1/jurisdictions", UriKind.Relative));
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json);

        var rest = JsonParser.Default.Parse<ListJurisdictionsResponse>(json);
        var grpc = await new ComplianceGrpc.ComplianceServiceClient(_channel).ListJurisdictionsAsync(new ListJurisdictionsRequest());
        Assert.Contains(rest.Jurisdictions, j => j.Id == "us-mo-st-joseph");
        Assert.Equal(grpc, rest);
    }

    [Theory]
    [InlineData("""{"jurisdiction":"us-mo-st-joseph","contact":"CONTACT_TRAFFIC_STOP","role":"ROLE_SUSPECT"}""", "action: ")]
    [InlineData("""{"jurisdiction":"us-mo-st-joseph","action":"ACTION_DETAIN_OR_ARREST","role":"ROLE_SUSPECT"}""", "contact: ")]
    [InlineData("""{"jurisdiction":"","action":"ACTION_DETAIN_OR_ARREST","contact":"CONTACT_TRAFFIC_STOP","role":"ROLE_SUSPECT"}""", "jurisdiction: ")]
    [InlineData("""{"jurisdiction":"us-mo-st-joseph","action":"ACTION_DETAIN_OR_ARREST","contact":"CONTACT_TRAFFIC_STOP","role":"ROLE_SUSPECT","facts":["FACT_CRIMINAL_ACTIVITY"]}""", "facts")]
    public async Task BadInputIsA400NamingTheField(string body, string field)
    {
        var (status, code, message) = await StatusOfAsync("/v1/encounters:check", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal((int)StatusCode.InvalidArgument, code);
        Assert.StartsWith(field, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownEnumNameIsA400()
    {
        var (status, code, message) = await StatusOfAsync("/v1/encounters:check", """{"jurisdiction":"us","action":"ACTION_TELEPORT"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal((int)StatusCode.InvalidArgument, code);
        Assert.NotEmpty(message);
    }

    [Fact]
    public async Task AnUnknownJurisdictionIsA404()
    {
        var (status, code, message) = await StatusOfAsync(
            "/v1/cooperation-requests:check",
            """{"jurisdiction":"us-xx-nowhere","request":"REQUEST_DETAINER","agency":"AGENCY_ICE"}""");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal((int)StatusCode.NotFound, code);
        Assert.StartsWith("jurisdiction: ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABodyOverTheReceiveLimitIsA429()
    {
        var body = new JsonObject { ["jurisdiction"] = new string('x', 5 * 1024 * 1024) }.ToJsonString();

        var (status, code, _) = await StatusOfAsync("/v1/encounters:check", body);

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal((int)StatusCode.ResourceExhausted, code);
    }

    [Fact]
    public async Task RestDecisionsAreInTheAuditTrail()
    {
        var body = """{"jurisdiction":"us-mo-st-joseph","action":"ACTION_DETAIN_OR_ARREST","contact":"CONTACT_TRAFFIC_STOP","role":"ROLE_SUSPECT","facts":["FACT_STATUS_IN_QUESTION"]}""";
        using var response = await PostAsync("/v1/encounters:check", body);
        var decisionId = JsonParser.Default.Parse<Decision>(await response.Content.ReadAsStringAsync()).DecisionId;
        Assert.NotEmpty(decisionId);

        // Recorded as for gRPC: in the journal before the reply left (AuditTrailTests kills a server to prove that), and in
        // the segment file once the copier has written it, within milliseconds.
        await Poll.UntilAsync(
            () => string.Concat(Directory.EnumerateFiles(server.AuditDirectory, "*.log", SearchOption.AllDirectories).Select(ReadShared))
                .Contains($"\"decision_id\":\"{decisionId}\"", StringComparison.Ordinal),
            "the REST decision's record in the segment file",
            TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task TheOpenApiDocumentIsOpenApi3AndListsTheRoutes()
    {
        using var response = await _http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;

        Assert.StartsWith("3.", root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = root.GetProperty("paths");
        Assert.True(paths.GetProperty("/v1/encounters:check").TryGetProperty("post", out var check));
        Assert.True(paths.GetProperty("/v1/cooperation-requests:check").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/v1/encounters:advise").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/v1/jurisdictions").TryGetProperty("get", out _));

        // The proto comments come through.
        Assert.Equal("One action during an encounter.", check.GetProperty("summary").GetString());
        Assert.True(root.GetProperty("components").GetProperty("schemas").TryGetProperty("Decision", out _));
    }

    [Fact]
    public async Task AGrpcWebCallIsAnswered()
    {
        using var channel = GrpcChannel.ForAddress(server.HttpAddress, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, new HttpClientHandler()),
            HttpVersion = HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
        var request = new EncounterRequest
        {
            Jurisdiction = "us-mo-st-joseph", Action = ComplianceService.Contracts.V1.Action.DetainOrArrest,
            Contact = Contact.TrafficStop, Role = Role.Suspect, Facts = { Fact.StatusInQuestion },
        };

        var web = await new ComplianceGrpc.ComplianceServiceClient(channel).CheckEncounterAsync(request);
        var grpc = await new ComplianceGrpc.ComplianceServiceClient(_channel).CheckEncounterAsync(request);
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = "compliance.v1.ComplianceService" });

        web.DecisionId = grpc.DecisionId = "";
        Assert.Equal(grpc, web);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        // A refusal is a gRPC-Web status too.
        var refused = await Assert.ThrowsAsync<RpcException>(() => new ComplianceGrpc.ComplianceServiceClient(channel)
            .CheckEncounterAsync(new EncounterRequest(request) { Jurisdiction = "nowhere" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, refused.StatusCode);
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private Task<HttpResponseMessage> PostAsync(string route, string json) =>
        _http.PostAsync(new Uri(route, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<(HttpStatusCode Status, int Code, string Message)> StatusOfAsync(string route, string json)
    {
        using var response = await PostAsync(route, json);
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, status.GetProperty("code").GetInt32(), status.GetProperty("message").GetString() ?? "");
    }
}
