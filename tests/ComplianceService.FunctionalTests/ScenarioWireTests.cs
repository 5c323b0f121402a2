using System.Collections.Concurrent;
using ComplianceService.Contracts.V1;
using ComplianceService.Scenarios;
using ComplianceService.Testing;
using ComplianceService.Testing.Hosting;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// Every scenario of shared/scenarios/public.yaml sent over a real socket through our C# client
/// to the real host (embedded policy), one theory row per scenario so a failure names it. The
/// request is the scenario's whole request (unknown_facts and include_what_if too); the answer is
/// compared by <see cref="ScenarioComparer"/> (outcome, obligations, determining, overridden,
/// provenance, depends_on, alternatives, visa and what_if, as far as the scenario gives them).
/// </summary>
public sealed class ScenarioWireTests(ComplianceServerFactory server) : IClassFixture<ComplianceServerFactory>, IDisposable
{

    /// <summary>decision_id -> the scenario that received it, across every row of this class.</summary>
    private static readonly ConcurrentDictionary<string, string> DecisionIds = new(StringComparer.Ordinal);

    private readonly GrpcChannel _channel = server.CreateChannel();
    private readonly ErrorLogCheck _errors = server.ExpectNoErrors();

    public void Dispose()
    {
        _channel.Dispose();
        _errors.Dispose();
    }

    [SharedTheory]
    [MemberData(nameof(PublicScenarios.Names), MemberType = typeof(PublicScenarios))]
    public async Task ScenarioAnswersAsTheFileSaysOverTheWire(string name)
    {
        var scenario = PublicScenarios.Named(name);
        var client = new ComplianceGrpc.ComplianceServiceClient(_channel);
        var revision = (await client.ListJurisdictionsAsync(new ListJurisdictionsRequest())).PolicyRevision;
        var incidentId = "wire-" + name;

        var decision = await CallAsync(client, scenario, incidentId);

        var problems = ScenarioComparer.Compare(scenario, decision).Concat(DecisionInvariants.Problems(decision, revision, incidentId)).ToList();
        Assert.True(problems.Count == 0, $"{name}: {string.Join("; ", problems)}");
        Assert.True(
            DecisionIds.TryAdd(decision.DecisionId, name),
            $"{name}: decision_id {decision.DecisionId} was already given to {DecisionIds.GetValueOrDefault(decision.DecisionId)}");
        Assert.Equal(scenario.Encounter?.Jurisdiction ?? scenario.Cooperation!.Jurisdiction, decision.Jurisdiction);
    }

    [SharedFact]
    public async Task RepeatedCallsGetTheSameAnswerUnderADifferentDecisionId()
    {
        var client = new ComplianceGrpc.ComplianceServiceClient(_channel);
        var ids = new HashSet<string>(StringComparer.Ordinal);

        foreach (var scenario in PublicScenarios.All)
        {
            var first = await CallAsync(client, scenario, "repeat");
            var second = await CallAsync(client, scenario, "repeat");

            Assert.True(ids.Add(first.DecisionId) && ids.Add(second.DecisionId), $"{scenario.Name}: a decision_id was reused");
            first.DecisionId = second.DecisionId = "";
            Assert.Equal(first, second);
        }

        Assert.Equal(2 * PublicScenarios.All.Count, ids.Count);
    }

    /// <summary>A scenario that asks what would change the answer gets the same answer without asking, less the list.</summary>
    [SharedFact]
    public async Task ScenariosAskingWhatIfAnswerTheSameWithoutIt()
    {
        var client = new ComplianceGrpc.ComplianceServiceClient(_channel);
        var asking = PublicScenarios.All.Where(s => s.IncludeWhatIf).ToList();
        Assert.NotEmpty(asking);

        foreach (var scenario in asking)
        {
            var asked = await CallAsync(client, scenario, "what-if");
            var plain = await CallAsync(client, Without(scenario), "what-if");

            Assert.Empty(plain.WhatIf);
            asked.WhatIf.Clear();
            asked.DecisionId = plain.DecisionId = "";
            Assert.True(asked.Equals(plain), $"{scenario.Name}: with include_what_if {asked}, without {plain}");
        }
    }

    [SharedFact]
    public void TheScenarioFileHasUniquelyNamedScenariosOfBothKinds()
    {
        var scenarios = PublicScenarios.All;

        Assert.True(scenarios.Count >= 40, $"only {scenarios.Count} scenarios read from {RepositoryPaths.PublicScenarios}");
        Assert.Equal(scenarios.Count, scenarios.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(scenarios, s => s.Encounter is not null);
        Assert.Contains(scenarios, s => s.Cooperation is not null);
        Assert.Contains(scenarios, s => s.UnknownFacts.Count > 0);
    }

    private static Scenario Without(Scenario scenario) => new()
    {
        Name = scenario.Name,
        Why = scenario.Why,
        Rpc = scenario.Rpc,
        Encounter = scenario.Encounter is { } e ? new EncounterRequest(e) { IncludeWhatIf = false } : null,
        Cooperation = scenario.Cooperation is { } c ? new CooperationRequest(c) { IncludeWhatIf = false } : null,
        Expect = scenario.Expect,
    };

    private static Task<Decision> CallAsync(ComplianceGrpc.ComplianceServiceClient client, Scenario scenario, string incidentId)
    {
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30));
        return scenario.Encounter is { } encounter
            ? client.CheckEncounterAsync(new EncounterRequest(encounter) { IncidentId = incidentId }, options).ResponseAsync
            : client.CheckCooperationRequestAsync(new CooperationRequest(scenario.Cooperation!) { IncidentId = incidentId }, options).ResponseAsync;
    }
}
