using ComplianceService.Engine.Scenarios;
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

    /// <summary>The Python client reads the scenario file itself (PyYAML) and builds the requests.</summary>
    protected override Task<InteropResult> RunScenariosAsync(IReadOnlyList<Scenario> scenarios) =>
        RunAsync("scenarios", null, RepositoryPaths.PublicScenarios);
}
