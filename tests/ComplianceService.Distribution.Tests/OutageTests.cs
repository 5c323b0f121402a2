extern alias compliancectl;

using Cli = compliancectl::ComplianceService.Cli;
using System.Diagnostics;
using Grpc.Health.V1;
using ComplianceService.Testing;
using ComplianceService.Contracts.V1;
using ComplianceService.Testing.Redis;

namespace ComplianceService.Distribution.Tests;

/// <summary>Redis goes away: the servers keep answering, a restarted one answers from its disk snapshot, and a later publish reaches all.</summary>
public sealed class OutageTests(ITestOutputHelper log)
{
    private static readonly TimeSpan Reconnection = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Servers_keep_answering_without_Redis_a_restarted_one_serves_its_snapshot_and_a_later_publish_reaches_all()
    {
        using var policies = new PolicySets();
        await using var redis = await RedisServer.StartNewAsync();
        var prefix = RedisServer.NewKeyPrefix("outage");
        string[] store = ["--redis", redis.ConnectionString, "--prefix", prefix];
        await Ctl.OkAsync(log, ["publish", "--yes", "--policies", PolicySets.Full, .. store]);

        await using var a = await ComplianceServer.StartAsync(redis.ConnectionString, prefix, policies.SnapshotPath("a"), "a");
        var b = await ComplianceServer.StartAsync(redis.ConnectionString, prefix, policies.SnapshotPath("b"), "b");
        ComplianceServer? restarted = null;
        try
        {
            Assert.Equal(policies.FullRevision, await a.ServedRevisionAsync());
            Assert.Equal(policies.FullRevision, await b.ServedRevisionAsync());
            Assert.True(File.Exists(policies.SnapshotPath("b")), "the last good snapshot was written");

            await redis.StopAsync();
            var (statusExit, _) = await Ctl.RunAsync(log, ["status", .. store]);
            Assert.Equal(Cli.ExitCodes.StoreUnavailable, statusExit);
            for (var i = 0; i < 50; i++)
            {
                Assert.Equal(policies.FullRevision, await a.ServedRevisionAsync());
                Assert.Equal(policies.FullRevision, await b.ServedRevisionAsync());
            }

            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await a.HealthAsync());
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await b.HealthAsync());

            // Cold start with Redis down: the last good snapshot on disk, same revision, SERVING.
            await b.DisposeAsync();
            restarted = await ComplianceServer.StartAsync(redis.ConnectionString, prefix, policies.SnapshotPath("b"), "b");
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await restarted.HealthAsync());
            Assert.Equal(policies.FullRevision, await restarted.ServedRevisionAsync());
            Assert.Equal(Outcome.Prohibited, (await restarted.Client.CheckEncounterAsync(Requests.Removed())).Outcome);

            // Redis unreachable is expected: the restarted server says so in one line, without a stack trace.
            Assert.Single(restarted.LogLines, l => l.Contains("Policy store unreachable at start-up", StringComparison.Ordinal));
            Assert.Empty(restarted.LogLinesWithException);
            Assert.Empty(a.LogLinesWithException);

            // Redis comes back empty (no persistence): a new publish reaches both once they have reconnected.
            await redis.StartAsync();
            var clock = Stopwatch.StartNew();
            await Ctl.OkAsync(log, ["publish", "--yes", "--policies", policies.WithoutBozeman, "--by", "after-outage", .. store]);
            await Poll.UntilAsync(
                async () => await a.ServedRevisionAsync() == policies.WithoutBozemanRevision
                    && await restarted.ServedRevisionAsync() == policies.WithoutBozemanRevision,
                "both servers serve the revision published after the outage",
                Reconnection);
            log.WriteLine($"after Redis restarted: both servers serving the new revision {clock.ElapsedMilliseconds} ms after publish started");
        }
        finally
        {
            if (restarted is not null)
            {
                await restarted.DisposeAsync();
            }
            else
            {
                await b.DisposeAsync();
            }
        }
    }
}
