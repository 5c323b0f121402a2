using ComplianceService.Engine.Scenarios;
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
        var result = ScenarioRunner.Run(CompiledPolicies.Snapshot, scenario, DateTime.UtcNow);
        Assert.True(result.Passed, $"{scenario.Name} ({scenario.Why}):{Environment.NewLine}{string.Join(Environment.NewLine, result.Mismatches)}");
    }

    [Fact]
    public void The_scenario_file_is_found_and_not_empty()
    {
        Assert.True(ScenarioFile.Load(RepositoryPaths.PublicScenarios).Count >= 40);
    }
}
