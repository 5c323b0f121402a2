extern alias compliancectl;

using Cli = compliancectl::ComplianceService.Cli;
using ComplianceService.Store;
using ComplianceService.Testing.Redis;

namespace ComplianceService.Distribution.Tests;

/// <summary>
/// publish shows what the new revision answers differently from the active one before it changes anything: --dry-run
/// stops there, a publish nobody can confirm (standard input not a terminal, no --yes) refuses, --yes goes ahead; and diff
/// names stored revisions by prefix or as "active". On a real redis-server.
/// </summary>
public sealed class PublishConfirmationTests(ITestOutputHelper log)
{
    [Fact]
    public async Task Publish_shows_the_difference_and_stores_nothing_on_dry_run_or_unconfirmed_and_publishes_with_yes()
    {
        using var policies = new PolicySets();
        await using var redis = await RedisServer.StartNewAsync();
        var prefix = RedisServer.NewKeyPrefix("confirm");
        string[] store = ["--redis", redis.ConnectionString, "--prefix", prefix];
        await using var reader = await RedisPolicyStore.ConnectAsync(new PolicyStoreOptions { ConnectionString = redis.ConnectionString, KeyPrefix = prefix });

        // Nothing active: nothing to compare with, and nobody confirms here.
        var first = await Ctl.RunAsync(log, ["publish", "--policies", PolicySets.Full, .. store]);
        Assert.Equal(Cli.ExitCodes.NotConfirmed, first.ExitCode);
        Assert.Contains("no revision is active yet", first.Output, StringComparison.Ordinal);
        Assert.Contains("standard input is not a terminal", first.Output, StringComparison.Ordinal);
        Assert.Null(await reader.GetActiveRevisionAsync());
        Assert.Null(await reader.GetBundleAsync(policies.FullRevision));
        await Ctl.OkAsync(log, ["publish", "--yes", "--policies", PolicySets.Full, .. store]);

        // Bozeman removed: every one of its answers goes to "not served"; nothing else changes.
        var dryRun = await Ctl.RunAsync(log, ["publish", "--dry-run", "--policies", policies.WithoutBozeman, .. store]);
        Assert.Equal(Cli.ExitCodes.Ok, dryRun.ExitCode);
        Assert.Contains("from active revision " + policies.FullRevision, dryRun.Output, StringComparison.Ordinal);
        Assert.Contains("us-mt-bozeman  INQUIRE_STATUS  every date", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains("  outcome     PROHIBITED -> (jurisdiction not served)", dryRun.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("us-ks-roeland-park  ", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains("dry run: revision " + policies.WithoutBozemanRevision + " was not stored or activated", dryRun.Output, StringComparison.Ordinal);

        var unconfirmed = await Ctl.RunAsync(log, ["publish", "--policies", policies.WithoutBozeman, .. store]);
        Assert.Equal(Cli.ExitCodes.NotConfirmed, unconfirmed.ExitCode);
        Assert.Contains("us-mt-bozeman  INQUIRE_STATUS  every date", unconfirmed.Output, StringComparison.Ordinal);
        Assert.Contains("not published: standard input is not a terminal", unconfirmed.Output, StringComparison.Ordinal);

        Assert.Equal(policies.FullRevision, await reader.GetActiveRevisionAsync());
        Assert.Null(await reader.GetBundleAsync(policies.WithoutBozemanRevision));

        // diff names stored revisions: a prefix of the history, and "active".
        var same = await Ctl.RunAsync(log, ["diff", "--from", "active", "--to", PolicySets.Full, .. store]);
        Assert.Equal(Cli.ExitCodes.Ok, same.ExitCode);
        var differs = await Ctl.RunAsync(log, ["diff", "--from", policies.FullRevision[..10], "--to", policies.WithoutBozeman, "--format", "json", .. store]);
        Assert.Equal(Cli.ExitCodes.PoliciesDiffer, differs.ExitCode);
        Assert.Contains("\"jurisdiction\": \"us-mt-bozeman\"", differs.Output, StringComparison.Ordinal);
        var unknown = await Ctl.RunAsync(log, ["diff", "--from", "0123456789abcdef", "--to", PolicySets.Full, .. store]);
        Assert.Equal(Cli.ExitCodes.RevisionNotFound, unknown.ExitCode);

        var published = await Ctl.OkAsync(log, ["publish", "--yes", "--policies", policies.WithoutBozeman, .. store]);
        Assert.Contains("us-mt-bozeman  INQUIRE_STATUS  every date", published, StringComparison.Ordinal);
        Assert.Contains("published revision " + policies.WithoutBozemanRevision, published, StringComparison.Ordinal);
        Assert.Equal(policies.WithoutBozemanRevision, await reader.GetActiveRevisionAsync());
    }
}
