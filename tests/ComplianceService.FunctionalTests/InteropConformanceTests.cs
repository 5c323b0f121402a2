using System.Text.Json;
using ComplianceService.Grpc.Server;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// The protocol conformance an independent client must observe. Each derived class runs these
/// against its own server with one client implementation (Python grpcio, Node grpc-js).
/// </summary>
public abstract class InteropConformanceTests(ServerFixture server)
{
    protected ServerFixture Server { get; } = server;

    protected abstract string ClientName { get; }

    protected abstract Task<InteropResult> RunAsync(string testCase, Func<string, Task>? onLine = null, params string[] extra);

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
                Server.Health.SetStatus(service, ServingStatus.Serving);
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
                ["CheckEncounter", "CheckCooperationRequest", "AdviseEncounter", "ListJurisdictions", "WatchPolicy"],
                Strings(result.GetProperty("methods")));
            Assert.Equal(["grpc/health/v1/health.proto"], Strings(result.GetProperty("health_files")));
            Assert.Equal(5, result.GetProperty("unknown_error_code").GetInt32());
            Assert.Contains("no.such.Symbol", result.GetProperty("unknown_error_message").GetString(), StringComparison.Ordinal);
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
