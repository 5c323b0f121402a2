using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ComplianceService.Engine;
using ComplianceService.Testing;

namespace ComplianceService.Cli.UnitTests;

/// <summary>validate and compile on the bundled policies and on broken copies.</summary>
public sealed class PolicyCommandTests
{
    [SharedFact]
    public async Task Validate_accepts_the_bundled_policies_with_their_seeds()
    {
        var run = await CliRun.RunAsync("validate", "--policies", RepositoryPaths.Policies, "--seeds", RepositoryPaths.Seeds);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches("OK: 11 policy files .*; revision [0-9a-f]{64}", run.Output);
    }

    [Fact]
    public async Task Validate_reports_an_error_as_file_line_column_and_exits_1()
    {
        using var copy = TemporaryDirectory.WithPolicies();
        var file = copy.File("us-mt-bozeman.yaml");
        var lines = File.ReadAllLines(file);
        var line = Array.FindIndex(lines, l => l.Contains("actions: [INQUIRE_STATUS]", StringComparison.Ordinal)) + 1;
        Assert.True(line > 0);
        lines[line - 1] = lines[line - 1].Replace("INQUIRE_STATUS", "INQUIRE_ABOUT_MOON", StringComparison.Ordinal);
        File.WriteAllLines(file, lines);

        var run = await CliRun.RunAsync("validate", "--policies", copy.Path);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Matches(new Regex("us-mt-bozeman\\.yaml:" + line + ":\\d+: .*INQUIRE_ABOUT_MOON"), run.Output);
        Assert.Contains("error(s)", run.Error, StringComparison.Ordinal);
    }

    [SharedFact]
    public async Task Validate_with_a_quote_missing_from_the_seeds_exits_1()
    {
        using var copy = TemporaryDirectory.WithPolicies();
        var file = copy.File("us-ks-roeland-park.yaml");
        var text = File.ReadAllText(file);
        var quote = Regex.Match(text, "quote: \"(?<q>[^\"]{12,})\"");
        Assert.True(quote.Success, "no quoted rule in us-ks-roeland-park.yaml");
        File.WriteAllText(file, text.Replace(quote.Groups["q"].Value, "words no seed document contains", StringComparison.Ordinal));

        var withSeeds = await CliRun.RunAsync("validate", "--policies", copy.Path, "--seeds", RepositoryPaths.Seeds);
        var withoutSeeds = await CliRun.RunAsync("validate", "--policies", copy.Path);

        Assert.True(withSeeds.ExitCode == 1, withSeeds.ToString());
        Assert.Contains("us-ks-roeland-park.yaml:", withSeeds.Output, StringComparison.Ordinal);
        Assert.True(withoutSeeds.ExitCode == 0, withoutSeeds.ToString());
    }

    [Fact]
    public async Task A_missing_policy_folder_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("validate", "--policies", Path.Combine(Path.GetTempPath(), "no-such-policies-" + Guid.NewGuid().ToString("N")));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("policy folder not found", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compile_writes_a_bundle_whose_hash_is_the_printed_revision_and_prints_coverage()
    {
        using var temp = new TemporaryDirectory();
        var bundlePath = temp.File("out.bundle");

        var run = await CliRun.RunAsync("compile", "--policies", RepositoryPaths.Policies, "--out", bundlePath, "--coverage");

        Assert.True(run.ExitCode == 0, run.ToString());
        var revision = Regex.Match(run.Output, "revision ([0-9a-f]{64})").Groups[1].Value;
        var bytes = File.ReadAllBytes(bundlePath);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), revision);
        Assert.Contains(bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes", run.Output, StringComparison.Ordinal);
        var snapshot = PolicySnapshot.Load(bytes);
        Assert.Contains("NOT_ADDRESSED", run.Output, StringComparison.Ordinal);
        foreach (var jurisdiction in snapshot.JurisdictionIds)
        {
            Assert.Contains("│ " + jurisdiction + " ", run.Output, StringComparison.Ordinal);
        }

        Assert.Contains("CERTIFY_VISA", run.Output, StringComparison.Ordinal);
        Assert.Contains("DETAINER", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compile_of_broken_policies_writes_nothing_and_exits_1()
    {
        using var copy = TemporaryDirectory.WithPolicies();
        File.AppendAllText(copy.File("us-mt.yaml"), "\n  garbage: [\n");
        var bundlePath = copy.File("out.bundle");

        var run = await CliRun.RunAsync("compile", "--policies", copy.Path, "--out", bundlePath);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("us-mt.yaml:", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(bundlePath));
    }
}
