using System.Text.Json.Nodes;
using ComplianceService.Scenarios;
using ComplianceService.Testing;
using Google.Protobuf;

namespace ComplianceService.FunctionalTests;

/// <summary>Conformance seen by Node @grpc/grpc-js (pure JavaScript HTTP/2), an independent implementation.</summary>
public sealed class NodeInteropTests(ComplianceServerFactory server) : InteropConformanceTests(server), IClassFixture<ComplianceServerFactory>
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

    /// <summary>
    /// The Node client gets the scenario requests as proto3 JSON in a temporary file (name, rpc,
    /// request; never the expectations), so it needs no YAML package.
    /// </summary>
    protected override async Task<InteropResult> RunScenariosAsync(IReadOnlyList<Scenario> scenarios)
    {
        var formatter = new JsonFormatter(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));
        var list = new JsonArray();
        foreach (var scenario in scenarios)
        {
            var request = scenario.Encounter is { } encounter ? formatter.Format(encounter) : formatter.Format(scenario.Cooperation);
            list.Add(new JsonObject { ["name"] = scenario.Name, ["rpc"] = scenario.Rpc, ["request"] = JsonNode.Parse(request) });
        }

        var path = Path.Combine(Path.GetTempPath(), $"compliance-scenarios-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, list.ToJsonString());
        try
        {
            return await RunAsync("scenarios", null, path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
