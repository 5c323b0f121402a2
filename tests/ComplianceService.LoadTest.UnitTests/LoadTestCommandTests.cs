using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;

namespace ComplianceService.LoadTest.UnitTests;

[Collection(ServerCollection.Name)]
public sealed class LoadTestCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("loadtest-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task AShortOpenLoopRunWritesTheJsonResultAndTheChart()
    {
        await using var server = await StubGrpcServer.StartAsync();
        var (json, svg) = (Path.Combine(directory, "out.json"), Path.Combine(directory, "out.svg"));
        var output = new StringWriter();

        var exit = await LoadTestCommand.InvokeAsync(
            ["--target", server.Address.ToString(), "--rate", "200", "--duration", "1s", "--warmup", "0", "--mix", "mixed", "--json", json, "--svg", svg, "--quiet"],
            output);

        Assert.True(exit == 0, output.ToString());
        Assert.Equal(200, server.Requests);
        Assert.Equal(0, server.Malformed);
        Assert.True(server.Paths[RequestMix.CheckEncounterPath] > server.Paths[RequestMix.CheckCooperationRequestPath]);
        Assert.True(server.Paths[RequestMix.CheckCooperationRequestPath] > 0);

        using var result = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = result.RootElement;
        Assert.Equal("open", root.GetProperty("options").GetProperty("mode").GetString());
        Assert.Equal(200, root.GetProperty("options").GetProperty("rate").GetDouble());
        var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
        var counts = run.GetProperty("counts");
        foreach (var name in new[] { "scheduled", "sent", "completed", "ok" })
        {
            Assert.Equal(200, counts.GetProperty(name).GetInt64());
        }

        Assert.Equal(0, counts.GetProperty("errors").GetInt64());
        Assert.Equal(0, counts.GetProperty("abandoned").GetInt64());
        Assert.Empty(run.GetProperty("errorsByStatus").EnumerateArray());
        Assert.Equal(200, run.GetProperty("completedPerSecond").EnumerateArray().Sum(e => e.GetInt64()));
        // 200 calls over about a second (longer only if this machine stalls the run).
        Assert.InRange(run.GetProperty("throughputPerSecond").GetDouble(), 50, 202);
        var latency = run.GetProperty("latencyUs");
        var p50 = latency.GetProperty("p50").GetDouble();
        var p90 = latency.GetProperty("p90").GetDouble();
        var p99 = latency.GetProperty("p99").GetDouble();
        var p999 = latency.GetProperty("p99.9").GetDouble();
        var max = latency.GetProperty("max").GetDouble();
        Assert.True(p50 > 0 && p50 <= p90 && p90 <= p99 && p99 <= p999 && p999 <= max, $"{p50} {p90} {p99} {p999} {max}");
        Assert.Equal(200, run.GetProperty("latencyBucketsNs").EnumerateArray().Sum(b => b[2].GetInt64()));

        var chart = XDocument.Load(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", chart.Root!.Name);
        var curve = Assert.Single(Curves(chart));
        Assert.StartsWith("M", curve.Attribute("d")!.Value, StringComparison.Ordinal);
        Assert.Contains(chart.Descendants(ns + "text"), t => t.Value == "99%");
        Assert.Contains("p99.9", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompareRunsTheHealthCheckSecondAndDrawsBothCurves()
    {
        await using var server = await StubGrpcServer.StartAsync();
        var (json, svg) = (Path.Combine(directory, "compare.json"), Path.Combine(directory, "compare.svg"));
        var output = new StringWriter();

        var exit = await LoadTestCommand.InvokeAsync(
            ["--target", server.Address.ToString(), "--rate", "150", "--duration", "1", "--warmup", "0", "--mix", "encounter", "--compare", "health", "--json", json, "--svg", svg, "--quiet"],
            output);

        Assert.True(exit == 0, output.ToString());
        Assert.Equal(150, server.Paths[RequestMix.CheckEncounterPath]);
        Assert.Equal(150, server.Paths[RequestMix.HealthCheckPath]);
        using var result = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal(2, result.RootElement.GetProperty("runs").GetArrayLength());
        var comparison = result.RootElement.GetProperty("comparison");
        foreach (var ratio in new[] { "p50Ratio", "p99Ratio", "p99.9Ratio", "throughputRatio" })
        {
            Assert.True(comparison.GetProperty(ratio).GetDouble() > 0, ratio);
        }

        var chart = XDocument.Load(svg);
        Assert.Equal(["0", "1"], Curves(chart).Select(p => p.Attribute("data-run")!.Value));
        Assert.Contains("comparison: B / A", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClosedLoopRunCompletesEveryCallItSends()
    {
        await using var server = await StubGrpcServer.StartAsync();
        var json = Path.Combine(directory, "closed.json");

        var exit = await LoadTestCommand.InvokeAsync(
            ["--target", server.Address.ToString(), "--mode", "closed", "--concurrency", "4", "--connections", "2", "--duration", "1s", "--warmup", "200ms", "--mix", "cooperation", "--json", json, "--quiet"],
            new StringWriter());

        Assert.Equal(0, exit);
        using var result = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var counts = result.RootElement.GetProperty("runs")[0].GetProperty("counts");
        Assert.True(counts.GetProperty("completed").GetInt64() > 50);
        Assert.Equal(counts.GetProperty("sent").GetInt64(), counts.GetProperty("completed").GetInt64());
        Assert.Equal(counts.GetProperty("completed").GetInt64(), counts.GetProperty("ok").GetInt64());
        Assert.Equal(2, server.Connections);
        Assert.Equal(server.Requests, server.Paths[RequestMix.CheckCooperationRequestPath]);
    }

    [Theory]
    [InlineData("typed")]
    [InlineData("raw")]
    public async Task CallsOutnumberingTheServersStreamsWaitOnTheConnectionsAskedForRatherThanOpenMore(string client)
    {
        // Kestrel allows 100 concurrent streams per connection; 150 callers on one connection held 100 ms each
        // keep 50 calls waiting for a free stream the whole run. More calls completed than there are callers: the
        // waiting calls got their streams as others finished.
        await using var server = await StubGrpcServer.StartAsync(new StubBehaviour { Delay = TimeSpan.FromMilliseconds(100) });
        var json = Path.Combine(directory, "streams.json");

        var exit = await LoadTestCommand.InvokeAsync(
            ["--target", server.Address.ToString(), "--client", client, "--mode", "closed", "--concurrency", "150", "--connections", "1", "--duration", "1s", "--warmup", "1s", "--mix", "encounter", "--json", json, "--quiet"],
            new StringWriter());

        Assert.Equal(0, exit);
        Assert.Equal(1, server.Connections);
        using var result = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var counts = result.RootElement.GetProperty("runs")[0].GetProperty("counts");
        Assert.True(counts.GetProperty("completed").GetInt64() > 150, counts.ToString());
        Assert.Equal(counts.GetProperty("sent").GetInt64(), counts.GetProperty("ok").GetInt64());
        Assert.Equal(server.Requests, server.Paths[RequestMix.CheckEncounterPath]);
    }

    [Fact]
    public async Task ErrorStatusesAreCountedByCodeAndFailTheExitCode()
    {
        await using var server = await StubGrpcServer.StartAsync(new StubBehaviour { GrpcStatus = 14, TrailersOnly = true });
        var json = Path.Combine(directory, "errors.json");
        var output = new StringWriter();

        var exit = await LoadTestCommand.InvokeAsync(
            ["--target", server.Address.ToString(), "--rate", "100", "--duration", "1", "--warmup", "0", "--json", json, "--quiet"],
            output);

        Assert.Equal(LoadTestCommand.ExitCallsFailed, exit);
        using var result = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var error = Assert.Single(result.RootElement.GetProperty("runs")[0].GetProperty("errorsByStatus").EnumerateArray());
        Assert.Equal(14, error.GetProperty("code").GetInt32());
        Assert.Equal("UNAVAILABLE", error.GetProperty("name").GetString());
        Assert.Equal(100, error.GetProperty("count").GetInt64());
        Assert.Contains("14 UNAVAILABLE: 100", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--rate", "0", "--rate")]
    [InlineData("--rate", "abc", "abc")]
    [InlineData("--duration", "0", "positive")]
    [InlineData("--duration", "soon", "soon")]
    [InlineData("--target", "ftp://x", "ftp://x")]
    [InlineData("--compare", "nonsense", "--compare")]
    [InlineData("--mode", "half-open", "half-open")]
    public async Task BadArgumentsAreRefusedNamingTheValue(string option, string value, string named)
    {
        var error = new StringWriter();

        var exit = await LoadTestCommand.InvokeAsync([option, value], new StringWriter(), error);

        Assert.Equal(1, exit);
        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }

    private static IEnumerable<XElement> Curves(XDocument chart) =>
        chart.Descendants(XName.Get("path", "http://www.w3.org/2000/svg"))
            .Where(p => (string?)p.Attribute("class") == "latency-curve");
}
