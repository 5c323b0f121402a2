using System.Text.Json;
using ComplianceService.Contracts.V1;
using ComplianceService.Policy;
using ComplianceService.Scenarios;
using ComplianceService.Testing;
using Google.Protobuf;
using ComplianceService.Testing.Hosting;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// The protocol conformance an independent client must observe. Each derived class runs these
/// against its own server with one client implementation (Python grpcio, Node grpc-js).
/// </summary>
public abstract class InteropConformanceTests(ComplianceServerFactory server) : IDisposable
{
    private readonly ErrorLogCheck _errors = server.ExpectNoErrors();

    protected ComplianceServerFactory Server { get; } = server;

    /// <summary>Fails the test when the server logged an error while an independent client talked to it.</summary>
    public void Dispose()
    {
        _errors.Dispose();
        GC.SuppressFinalize(this);
    }

    protected abstract string ClientName { get; }

    protected abstract Task<InteropResult> RunAsync(string testCase, Func<string, Task>? onLine = null, params string[] extra);

    /// <summary>Runs the client's "scenarios" case over <paramref name="scenarios"/> (read from the public file).</summary>
    protected abstract Task<InteropResult> RunScenariosAsync(IReadOnlyList<Scenario> scenarios);

    /// <summary>
    /// The client sends every scenario's request (include_what_if and unknown_facts too) and prints
    /// each decision as proto3 JSON; each is compared with the file by <see cref="ScenarioComparer"/>,
    /// the same comparison as the C# client's and the engine's (outcome, obligations, determining,
    /// overridden, provenance, depends_on, alternatives, visa, what_if, as far as the scenario gives them).
    /// </summary>
    [SharedFact]
    public async Task EveryPublicScenarioAnswersAsTheFileSays()
    {
        var scenarios = ScenarioFile.Load(RepositoryPaths.PublicScenarios);
        var revision = Server.ActivePolicy.Snapshot!.Revision;

        var json = (await RunScenariosAsync(scenarios)).Json;

        Assert.Equal(revision, json.GetProperty("revision").GetString());
        var results = json.GetProperty("results");
        Assert.Equal(
            scenarios.Select(s => s.Name).Order(StringComparer.Ordinal),
            results.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var failures = new List<string>();
        var decisionIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scenario in scenarios)
        {
            var result = results.GetProperty(scenario.Name);
            Assert.Equal(scenario.Rpc, result.GetProperty("rpc").GetString());
            if (result.TryGetProperty("code", out var code))
            {
                failures.Add($"{scenario.Name}: {code.GetString()} {result.GetProperty("details").GetString()}");
                continue;
            }

            var decision = JsonParser.Default.Parse<Decision>(result.GetProperty("decision").GetRawText());
            var problems = ScenarioComparer.Compare(scenario, decision)
                .Concat(DecisionInvariants.Problems(decision, revision, result.GetProperty("incident_id").GetString()!))
                .ToList();
            if (!decisionIds.Add(decision.DecisionId))
            {
                problems.Add($"decision_id {decision.DecisionId} reused");
            }

            if (problems.Count > 0)
            {
                failures.Add($"{scenario.Name}: {string.Join("; ", problems)}");
            }
        }

        Assert.True(failures.Count == 0, $"{ClientName}: {failures.Count} of {scenarios.Count} scenarios differ:\n{string.Join("\n", failures)}");
    }

    [Fact]
    public async Task BadInputIsRefusedNamingTheFieldAndTheNextCallSucceeds()
    {
        (string Case, string Code, string Field)[] expected =
        [
            ("action_unset", "INVALID_ARGUMENT", "action"),
            ("action_unknown_number", "INVALID_ARGUMENT", "action"),
            ("cooperation_fact_in_encounter", "INVALID_ARGUMENT", "facts"),
            ("five_unknown_facts", "INVALID_ARGUMENT", "unknown_facts"),
            ("unknown_jurisdiction", "NOT_FOUND", "jurisdiction"),
            ("as_of_before_1900", "INVALID_ARGUMENT", "as_of"),
            ("encounter_fact_in_basis", "INVALID_ARGUMENT", "basis"),
            ("status_in_question_in_basis", "INVALID_ARGUMENT", "basis"),
            ("status_in_question_unknown", "INVALID_ARGUMENT", "unknown_facts"),
            ("advise_with_action", "INVALID_ARGUMENT", "action"),
        ];

        var json = (await RunAsync("bad_input")).Json;

        Assert.Equal(expected.Length, json.EnumerateObject().Count());
        foreach (var (testCase, code, field) in expected)
        {
            var result = json.GetProperty(testCase);
            Assert.True(code == result.GetProperty("code").GetString(), $"{testCase}: expected {code}, got {result}");
            Assert.True(
                result.GetProperty("details").GetString()!.StartsWith(field + ": ", StringComparison.Ordinal),
                $"{testCase}: the message should start with '{field}: ', got {result}");
            var next = result.GetProperty("next_good_outcome").GetString()!;
            Assert.True(next.StartsWith("OUTCOME_", StringComparison.Ordinal) && next != "OUTCOME_UNSPECIFIED", $"{testCase}: the good call after it answered {next}");
        }
    }

    [Fact]
    public async Task HealthCheckReportsEachServiceAndNotFoundForUnknown()
    {
        var json = (await RunAsync("health_check")).Json;

        // The embedded policy is compiled at start-up, so both are SERVING (NoPolicyTests covers NOT_SERVING).
        Assert.Equal("SERVING", json.GetProperty("overall").GetString());
        Assert.Equal("SERVING", json.GetProperty("compliance").GetString());
        Assert.Equal("NOT_FOUND", json.GetProperty("unknown").GetString());
    }

    [Fact]
    public async Task HealthWatchStreamsServiceUnknownThenTheNewStatus()
    {
        var service = $"watch.{ClientName}.Service";
        var json = (await RunAsync("health_watch", line =>
        {
            if (line.Contains("\"first\"", StringComparison.Ordinal))
            {
                Server.HealthService.SetStatus(service, Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving);
            }

            return Task.CompletedTask;
        }, service)).Json;

        var statuses = Strings(json.GetProperty("statuses"));
        Assert.Equal(["SERVICE_UNKNOWN", "SERVING"], statuses);
    }

    [Fact]
    public async Task ReflectionListsServicesAndReturnsFilesWithDependencies()
    {
        var json = (await RunAsync("reflection")).Json;

        foreach (var version in new[] { "v1", "v1alpha" })
        {
            var result = json.GetProperty(version);
            var services = Strings(result.GetProperty("services"));
            Assert.Contains("compliance.v1.ComplianceService", services);
            Assert.Contains("grpc.health.v1.Health", services);
            Assert.Contains("grpc.reflection.v1.ServerReflection", services);
            Assert.Contains("grpc.reflection.v1alpha.ServerReflection", services);
            Assert.Contains("testing.v1.Echo", services);

            var files = Strings(result.GetProperty("symbol_files"));
            Assert.Equal("compliance/v1/compliance.proto", files[0]);
            Assert.Contains("compliance/v1/vocabulary.proto", files);
            Assert.Contains("google/protobuf/timestamp.proto", files);
            Assert.Contains("google/protobuf/duration.proto", files);

            Assert.Equal(
                ["CheckEncounter", "CheckCooperationRequest", "AdviseEncounter", "ListJurisdictions", "GetJurisdictionPolicy", "WatchPolicy"],
                Strings(result.GetProperty("methods")));
            Assert.Equal(["compliance/v1/vocabulary.proto"], Strings(result.GetProperty("by_filename_files")));

            // Grpc.HealthCheck registers its descriptor under the file name "health.proto".
            Assert.Equal(["health.proto"], Strings(result.GetProperty("health_files")));
            Assert.Equal(5, result.GetProperty("unknown_error_code").GetInt32());
            Assert.False(string.IsNullOrEmpty(result.GetProperty("unknown_error_message").GetString()));
        }
    }

    [Fact]
    public async Task UnknownMethodOrServiceIsUnimplementedWhileTheComplianceMethodsAnswer()
    {
        var json = (await RunAsync("unknown_method")).Json;

        Assert.Equal("UNIMPLEMENTED", json.GetProperty("unknown_method").GetString());
        Assert.Equal("UNIMPLEMENTED", json.GetProperty("unknown_service").GetString());

        // The request names only a jurisdiction: the engine answers, refusing the unset action.
        Assert.Equal("INVALID_ARGUMENT", json.GetProperty("check_encounter").GetString());
        Assert.StartsWith("action: ", json.GetProperty("check_encounter_detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredDeadlineAnswersDeadlineExceededAndCancelsTheWork()
    {
        var cancelledBefore = Server.Echo.CancelledCalls;

        var json = (await RunAsync("deadline")).Json;

        Assert.Equal("DEADLINE_EXCEEDED", json.GetProperty("expired").GetString());
        Assert.True(json.GetProperty("fast_has_deadline").GetBoolean(), "grpc-timeout was not seen by the server");
        await WaitForAsync(() => Server.Echo.CancelledCalls > cancelledBefore, "the slow handler was never cancelled");
    }

    [Fact]
    public async Task ClientCancellationReachesTheHandler()
    {
        var cancelledBefore = Server.Echo.CancelledCalls;

        var json = (await RunAsync("cancel")).Json;

        Assert.True(json.GetProperty("cancelled").GetBoolean());
        await WaitForAsync(() => Server.Echo.CancelledCalls > cancelledBefore, "the handler never saw the client's RST_STREAM");
    }

    [Fact]
    public async Task FiveMebibyteRequestIsResourceExhaustedAndThreeMebibytesPass()
    {
        var json = (await RunAsync("large_request")).Json;

        Assert.Equal("RESOURCE_EXHAUSTED", json.GetProperty("five_mib").GetString());
        Assert.Equal(3 * 1024 * 1024, json.GetProperty("three_mib_length").GetInt32());
    }

    [Fact]
    public async Task GzipCompressedRequestIsAccepted()
    {
        var json = (await RunAsync("gzip")).Json;

        Assert.Equal("squeezed", json.GetProperty("message").GetString());
        Assert.Equal(100_000, json.GetProperty("payload_length").GetInt32());
        Assert.Equal("gzip", json.GetProperty("encoding").GetString());
    }

    [Fact]
    public async Task MetadataRoundTripsIncludingBinaryKeys()
    {
        var json = (await RunAsync("metadata")).Json;

        Assert.Equal("md", json.GetProperty("message").GetString());
        Assert.Equal("abc-123", json.GetProperty("header_text").GetString());
        Assert.True(json.GetProperty("header_bin_ok").GetBoolean());
        Assert.Equal("abc-123", json.GetProperty("trailer_text").GetString());
        Assert.True(json.GetProperty("trailer_bin_ok").GetBoolean());
    }

    [Fact]
    public async Task StatusMessageIsPercentEncodedAndDecodedIntact()
    {
        var json = (await RunAsync("status_message")).Json;

        Assert.Equal("FAILED_PRECONDITION", json.GetProperty("code").GetString());
        Assert.Equal("Déjà vu: 100% refusé\nnext line", json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ServerClientAndBidirectionalStreamingWork()
    {
        var json = (await RunAsync("streaming")).Json;

        Assert.Equal([0, 1, 2, 3, 4], json.GetProperty("indexes").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        Assert.Equal(["a", "b", "c"], Strings(json.GetProperty("chat")));
        Assert.Equal("x,y", json.GetProperty("collected").GetString());
    }

    [Fact]
    public async Task FiveHundredConcurrentCallsAllSucceed()
    {
        var json = (await RunAsync("concurrency")).Json;

        Assert.Equal(500, json.GetProperty("ok").GetInt32());
        Assert.Equal(0, json.GetProperty("mismatched").GetInt32());
        Assert.Empty(json.GetProperty("errors").EnumerateObject());
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static async Task WaitForAsync(Func<bool> condition, string failure)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), failure);
    }
}
