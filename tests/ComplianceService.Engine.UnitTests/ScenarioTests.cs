using ComplianceService.Testing;

namespace ComplianceService.Engine.UnitTests;

/// <summary>Every public acceptance scenario (../shared/scenarios/public.yaml), decided by the engine.</summary>
public sealed class ScenarioTests
{
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var scenario in ScenarioFile.Load(RepositoryPaths.PublicScenarios))
        {
            data.Add(scenario.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Scenario_is_decided_as_DOMAIN_md_says(string name)
    {
        var scenario = ScenarioFile.Load(RepositoryPaths.PublicScenarios).Single(s => s.Name == name);
        var snapshot = CompiledPolicies.Snapshot;
        var decision = scenario.Encounter is { } encounter
            ? snapshot.CheckEncounter(encounter, DateTime.UtcNow)
            : snapshot.CheckCooperationRequest(scenario.Cooperation!, DateTime.UtcNow);

        Assert.True(decision.IsValid, decision.Error?.Message);
        var problems = ScenarioComparer.Compare(scenario, decision.ToMessage("d-1", "incident-1"));
        Assert.True(problems.Count == 0, $"{scenario.Name} ({scenario.Why}):{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    [Fact]
    public void The_scenario_file_is_found_and_not_empty()
    {
        Assert.True(ScenarioFile.Load(RepositoryPaths.PublicScenarios).Count >= 40);
    }
}
