namespace ComplianceService.FunctionalTests;

/// <summary>Conformance seen by Node @grpc/grpc-js (pure JavaScript HTTP/2), an independent implementation.</summary>
public sealed class NodeInteropTests(ServerFixture server) : InteropConformanceTests(server), IClassFixture<ServerFixture>
{
    protected override string ClientName => "node";

    protected override async Task<InteropResult> RunAsync(string testCase, Func<string, Task>? onLine = null, params string[] extra)
    {
        await InteropProcess.EnsureNodeModulesAsync();
        return await InteropProcess.RunAsync(
            "node",
            [InteropProcess.NodeScript, Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), testCase, .. extra],
            TimeSpan.FromSeconds(90),
            onLine);
    }
}
