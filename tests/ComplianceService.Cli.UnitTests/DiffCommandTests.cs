using System.Text.Json;
using ComplianceService.Testing;

namespace ComplianceService.Cli.UnitTests;

/// <summary>diff and coverage on policy folders and bundle files (stored revisions are in the Distribution tests).</summary>
public sealed class DiffCommandTests
{
    [Fact]
    public async Task A_folder_against_itself_and_against_its_own_bundle_changes_nothing_and_exits_0()
    {
        using var directory = new TemporaryDirectory();
        var bundle = directory.File("policy.bundle");
        var compiled = await CliRun.RunAsync("compile", "--policies", RepositoryPaths.Policies, "--out", bundle);
        Assert.True(compiled.ExitCode == 0, compiled.ToString());

        var itself = await CliRun.RunAsync("diff", "--from", RepositoryPaths.Policies, "--to", RepositoryPaths.Policies);
        var againstBundle = await CliRun.RunAsync("diff", "--from", RepositoryPaths.Policies, "--to", bundle);
        var json = await CliRun.RunAsync("diff", "--from", bundle, "--to", RepositoryPaths.Policies, "--format", "json");

        foreach (var run in new[] { itself, againstBundle, json })
        {
            Assert.True(run.ExitCode == 0, run.ToString());
        }

        Assert.Contains("no change: every request gets the same answer", itself.Output, StringComparison.Ordinal);
        Assert.Contains("no change", againstBundle.Output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Output);
        Assert.Equal(0, document.RootElement.GetProperty("regions").GetArrayLength());
        Assert.True(document.RootElement.GetProperty("inputsCompared").GetInt64() > 0);
    }

    [Fact]
    public async Task Bozeman_inquire_status_made_permitted_exits_1_with_its_regions_in_text_and_json()
    {
        using var copy = TemporaryDirectory.WithPolicies();
        var file = copy.File("us-mt-bozeman.yaml");
        File.WriteAllText(file, File.ReadAllText(file).Replace("outcome: PROHIBITED", "outcome: PERMITTED", StringComparison.Ordinal));

        var text = await CliRun.RunAsync("diff", "--from", RepositoryPaths.Policies, "--to", copy.Path);
        var json = await CliRun.RunAsync("diff", "--from", RepositoryPaths.Policies, "--to", copy.Path, "--format", "json", "--jurisdiction", "us-mt-bozeman");
        var elsewhere = await CliRun.RunAsync("diff", "--from", RepositoryPaths.Policies, "--to", copy.Path, "--jurisdiction", "us-ks-roeland-park");

        Assert.True(text.ExitCode == 1, text.ToString());
        Assert.Contains("us-mt-bozeman  INQUIRE_STATUS  before 2015-04-21", text.Output, StringComparison.Ordinal);
        Assert.Contains("  when        any request", text.Output, StringComparison.Ordinal);
        Assert.Contains("  outcome     PROHIBITED -> PERMITTED", text.Output, StringComparison.Ordinal);
        Assert.Contains("  requests    419,430,400 per date", text.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("us-ks-", text.Output, StringComparison.Ordinal);

        Assert.True(json.ExitCode == 1, json.ToString());
        using var document = JsonDocument.Parse(json.Output);
        var regions = document.RootElement.GetProperty("regions").EnumerateArray().ToList();
        Assert.All(regions, r =>
        {
            Assert.Equal("us-mt-bozeman", r.GetProperty("jurisdiction").GetString());
            Assert.Equal("INQUIRE_STATUS", r.GetProperty("action").GetString());
            Assert.Equal("PROHIBITED", r.GetProperty("before").GetProperty("outcome").GetString());
            Assert.Equal("PERMITTED", r.GetProperty("after").GetProperty("outcome").GetString());
            Assert.Equal(0, r.GetProperty("obligationsAdded").GetArrayLength());
            Assert.False(string.IsNullOrEmpty(r.GetProperty("condition").GetString()));
        });

        // Every request before 2015-04-21 (2^21 facts x 5 x 5 x 8); after it, all but where Rodriguez still prohibits.
        Assert.Equal(419_430_400L, regions.Where(r => r.GetProperty("until").GetString() == "2015-04-21").Sum(r => r.GetProperty("requests").GetInt64()));
        Assert.Equal(367_001_600L, regions.Where(r => r.GetProperty("from").GetString() == "2015-04-21").Sum(r => r.GetProperty("requests").GetInt64()));

        Assert.True(elsewhere.ExitCode == 0, elsewhere.ToString());
    }

    [Theory]
    [InlineData("--from", "/no/such/folder", "--from: '/no/such/folder' is neither a policy folder, a bundle file")]
    [InlineData("--to", "abcdef0123", "--to: 'abcdef0123' is no folder or file here; to name a stored revision, give --redis")]
    public async Task A_side_that_is_neither_a_folder_a_bundle_nor_a_reachable_revision_exits_2_naming_the_option(string option, string value, string message)
    {
        var environment = Environment.GetEnvironmentVariable("COMPLIANCE_REDIS");
        Assert.True(string.IsNullOrEmpty(environment), "COMPLIANCE_REDIS is set in the test environment");
        string[] args = option == "--from"
            ? ["diff", "--from", value, "--to", RepositoryPaths.Policies]
            : ["diff", "--from", RepositoryPaths.Policies, "--to", value];

        var run = await CliRun.RunAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_bundle_an_unknown_jurisdiction_and_a_bad_format_exit_2()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(directory.File("not.bundle"), "hello");

        var notBundle = await CliRun.RunAsync("diff", "--from", directory.File("not.bundle"), "--to", RepositoryPaths.Policies);
        var unknown = await CliRun.RunAsync("diff", "--from", RepositoryPaths.Policies, "--to", RepositoryPaths.Policies, "--jurisdiction", "us-nowhere");
        var format = await CliRun.RunAsync("diff", "--from", RepositoryPaths.Policies, "--to", RepositoryPaths.Policies, "--format", "yaml");
        var missing = await CliRun.RunAsync("diff", "--from", RepositoryPaths.Policies);

        Assert.True(notBundle.ExitCode == 2, notBundle.ToString());
        Assert.Contains("--from: ", notBundle.Error, StringComparison.Ordinal);
        Assert.Contains("is not a policy bundle", notBundle.Error, StringComparison.Ordinal);
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains("--jurisdiction: 'us-nowhere' is served by neither side", unknown.Error, StringComparison.Ordinal);
        Assert.True(format.ExitCode == 2, format.ToString());
        Assert.Contains("--format", format.Error, StringComparison.Ordinal);
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("--to", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Coverage_reports_where_not_addressed_falls_in_markdown_and_html()
    {
        var markdown = await CliRun.RunAsync("coverage", "--policies", RepositoryPaths.Policies, "--format", "md", "--jurisdiction", "us-mt-bozeman");
        var html = await CliRun.RunAsync("coverage", "--policies", RepositoryPaths.Policies, "--format", "html");

        Assert.True(markdown.ExitCode == 0, markdown.ToString());
        Assert.Contains("## us-mt-bozeman", markdown.Output, StringComparison.Ordinal);

        // Nothing in Bozeman's chain speaks to STOP_FOR_STATUS: every request, every date.
        Assert.Contains("| STOP_FOR_STATUS | every date | any request | 419,430,400 | 419,430,400 |", markdown.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("| INQUIRE_STATUS |", markdown.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("## us-ks-roeland-park", markdown.Output, StringComparison.Ordinal);

        Assert.True(html.ExitCode == 0, html.ToString());
        Assert.StartsWith("<!DOCTYPE html>", html.Output, StringComparison.Ordinal);
        Assert.Contains("<h2>us-ks-roeland-park</h2>", html.Output, StringComparison.Ordinal);
        Assert.Contains("<td>STOP_FOR_STATUS</td><td>every date</td><td>any request</td>", html.Output, StringComparison.Ordinal);
    }
}
