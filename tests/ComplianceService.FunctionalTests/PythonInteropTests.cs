using ComplianceService.Scenarios;
using ComplianceService.Testing;

namespace ComplianceService.FunctionalTests;

/// <summary>Conformance seen by Python grpcio (the gRPC C-core), an independent implementation.</summary>
public sealed class PythonInteropTests(ComplianceServerFactory server) : InteropConformanceTests(server), IClassFixture<ComplianceServerFactory>
{
    protected override string ClientName => "python";

    protected override Task<InteropResult> RunAsync(string testCase, Func<string, Task>? onLine = null, params string[] extra) =>
        InteropProcess.RunAsync(
            InteropProcess.Python,
            [InteropProcess.PythonScript, Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), testCase, .. extra],
            TimeSpan.FromSeconds(90),
            onLine);

    /// <summary>
    /// An unknown jurisdiction of 10 KB is NOT_FOUND with a message that quotes only its first 64 characters: a
    /// message echoing it whole passes grpcio's default 8 KiB metadata limit, and the client then reports
    /// RESOURCE_EXHAUSTED instead of the status the server meant.
    /// </summary>
    [Fact]
    public async Task AHugeUnknownJurisdictionIsNotFoundWithAShortMessage()
    {
        var json = (await RunAsync("long_jurisdiction")).Json;

        Assert.Equal("NOT_FOUND", json.GetProperty("code").GetString());
        var details = json.GetProperty("details").GetString()!;
        Assert.StartsWith("jurisdiction: ", details, StringComparison.Ordinal);
        Assert.Contains(new string('x', 64) + "…", details, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 65), details, StringComparison.Ordinal);
        Assert.True(details.Length < 200, $"{details.Length} characters: {details}");
    }

    /// <summary>The Python client reads the scenario file itself (PyYAML) and builds the requests.</summary>
    protected override Task<InteropResult> RunScenariosAsync(IReadOnlyList<Scenario> scenarios) =>
        RunAsync("scenarios", null, RepositoryPaths.PublicScenarios);
}
