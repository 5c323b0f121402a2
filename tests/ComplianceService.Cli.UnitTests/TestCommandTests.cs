using ComplianceService.Scenarios;
using ComplianceService.Testing;

namespace ComplianceService.Cli.UnitTests;

/// <summary>compliancectl test: public.yaml passes against policies/, a changed expectation fails.</summary>
public sealed class TestCommandTests
{
    [SharedFact]
    public async Task The_public_scenarios_pass_against_the_bundled_policies()
    {
        var count = ScenarioFile.Load(RepositoryPaths.PublicScenarios).Count;

        var run = await CliRun.RunAsync("test", RepositoryPaths.PublicScenarios, "--policies", RepositoryPaths.Policies);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"{count} passed, 0 failed, {count} scenarios", run.Output, StringComparison.Ordinal);
        Assert.Contains("│ rp-inquire-solely ", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", run.Output, StringComparison.Ordinal);
    }

    [SharedFact]
    public async Task A_scenario_whose_expectation_is_changed_fails_with_its_mismatch_and_exit_1()
    {
        using var temp = new TemporaryDirectory();
        var text = File.ReadAllText(RepositoryPaths.PublicScenarios);
        const string Original = "    outcome: PROHIBITED\n";
        var at = text.IndexOf(Original, StringComparison.Ordinal);
        Assert.True(at >= 0);
        var path = temp.File("changed.yaml");
        File.WriteAllText(path, text[..at] + "    outcome: PERMITTED\n" + text[(at + Original.Length)..]);
        var changed = ScenarioFile.Load(path);
        var failing = changed.First(s => s.Expect.Outcome == Contracts.V1.Outcome.Permitted
            && ScenarioFile.Load(RepositoryPaths.PublicScenarios).Single(p => p.Name == s.Name).Expect.Outcome == Contracts.V1.Outcome.Prohibited);

        var run = await CliRun.RunAsync("test", path, "--policies", RepositoryPaths.Policies);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"FAIL {failing.Name}: ", run.Output, StringComparison.Ordinal);
        Assert.Contains("outcome: expected PERMITTED, got PROHIBITED", run.Output, StringComparison.Ordinal);
        Assert.Contains($"{changed.Count - 1} passed, 1 failed", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_scenario_file_is_a_usage_error()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.File("bad.yaml");
        File.WriteAllText(path, "- name: x\n  rpc: CheckEncounter\n  request:\n    jurisdiction: us\n    action: FLY\n  expect:\n    outcome: PERMITTED\n");

        var run = await CliRun.RunAsync("test", path, "--policies", RepositoryPaths.Policies);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("cannot read scenarios", run.Error, StringComparison.Ordinal);
        Assert.Contains("FLY", run.Error, StringComparison.Ordinal);
    }

    [SharedFact]
    public async Task The_policies_must_compile_before_scenarios_run()
    {
        using var copy = TemporaryDirectory.WithPolicies();
        File.AppendAllText(copy.File("us.yaml"), "\n  garbage: [\n");

        var run = await CliRun.RunAsync("test", RepositoryPaths.PublicScenarios, "--policies", copy.Path);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("us.yaml:", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("PASS", run.Output, StringComparison.Ordinal);
    }
}
