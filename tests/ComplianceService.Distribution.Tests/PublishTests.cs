extern alias compliancectl;

using Cli = compliancectl::ComplianceService.Cli;
using System.Diagnostics;
using ComplianceService.Contracts.V1;
using ComplianceService.Testing;
using Grpc.Core;
using ComplianceService.Testing.Redis;

namespace ComplianceService.Distribution.Tests;

/// <summary>Two server instances on one Redis: publish reaches both at once under load, WatchPolicy hears it, rollback returns both.</summary>
public sealed class PublishTests(ITestOutputHelper log)
{
    [Fact]
    public async Task A_publish_reaches_both_servers_within_a_second_without_a_failed_call_and_rollback_returns_them()
    {
        using var policies = new PolicySets();
        await using var redis = await RedisServer.StartNewAsync();
        var prefix = RedisServer.NewKeyPrefix("publish");
        string[] store = ["--redis", redis.ConnectionString, "--prefix", prefix];

        var first = await Ctl.OkAsync(log, ["publish", "--yes", "--policies", PolicySets.Full, "--by", "first-publisher", .. store]);
        Assert.Contains("published revision " + policies.FullRevision, first, StringComparison.Ordinal);
        Assert.Contains("previous  revision (none)", first, StringComparison.Ordinal);

        await using var a = await ComplianceServer.StartAsync(redis.ConnectionString, prefix, policies.SnapshotPath("a"), "a");
        await using var b = await ComplianceServer.StartAsync(redis.ConnectionString, prefix, policies.SnapshotPath("b"), "b");
        Assert.Equal(policies.FullRevision, await a.ServedRevisionAsync());
        Assert.Equal(policies.FullRevision, await b.ServedRevisionAsync());
        Assert.Equal(Outcome.Prohibited, (await a.Client.CheckEncounterAsync(Requests.Removed())).Outcome);

        using var stopWatching = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var watched = new List<PolicyRevision>();
        var secondMessage = new TaskCompletionSource();
        var watch = Task.Run(async () =>
        {
            using var watching = a.Client.WatchPolicy(new WatchPolicyRequest(), cancellationToken: stopWatching.Token);
            await foreach (var revision in watching.ResponseStream.ReadAllAsync(stopWatching.Token))
            {
                lock (watched)
                {
                    watched.Add(revision);
                    if (watched.Count == 2)
                    {
                        secondMessage.TrySetResult();
                    }
                }
            }
        });

        var clock = Stopwatch.StartNew();
        await using var load = new ContinuousLoad([a, b], policies.FullRevision, policies.WithoutBozemanRevision, clock);
        await Task.Delay(300); // calls answered from the old revision before the switch

        var published = clock.Elapsed;
        var second = await Ctl.OkAsync(log, ["publish", "--yes", "--policies", policies.WithoutBozeman, "--by", "second-publisher", .. store]);
        var returned = clock.Elapsed;
        Assert.Contains("published revision " + policies.WithoutBozemanRevision, second, StringComparison.Ordinal);
        Assert.Contains("previous  revision " + policies.FullRevision, second, StringComparison.Ordinal);

        // Both answer from the new revision within one second of publish returning.
        await Poll.UntilAsync(() => Task.FromResult(load.FirstNew.Count == 2), "both servers answer from the new revision", TimeSpan.FromSeconds(1));
        var serving = load.FirstNew.Values.Max();
        log.WriteLine($"publish command (compile + connect + upload + activate): {(returned - published).TotalMilliseconds:0} ms; " +
            $"both servers serving the new revision {(serving - published).TotalMilliseconds:0} ms after publish started " +
            $"({(serving - returned).TotalMilliseconds:0} ms relative to publish returning)");
        await Task.Delay(300); // calls answered from the new revision after the switch
        await load.StopAsync();

        Assert.True(load.Errors.Count == 0, string.Join(Environment.NewLine, load.Errors.Take(20)));
        log.WriteLine($"calls during the switch: {string.Join(", ", load.Calls.Select(c => $"{c.Key}={c.Value}"))}, no failures");
        foreach (var server in new[] { a, b })
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.CheckEncounterAsync(Requests.Removed()).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, error.StatusCode);
        }

        await secondMessage.Task.WaitAsync(TimeSpan.FromSeconds(10));
        lock (watched)
        {
            Assert.Equal(policies.FullRevision, watched[0].Revision);
            Assert.Equal("first-publisher", watched[0].ActivatedBy);
            Assert.Equal(policies.WithoutBozemanRevision, watched[1].Revision);
            Assert.Equal("second-publisher", watched[1].ActivatedBy);
            Assert.Equal(policies.FullRevision, watched[1].PreviousRevision);
        }

        await stopWatching.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => watch);

        // Two publishes, two activations: nothing acted twice (a doubled activation would make the rollback a no-op).
        await using (var reader = await Store.RedisPolicyStore.ConnectAsync(new Store.PolicyStoreOptions { ConnectionString = redis.ConnectionString, KeyPrefix = prefix }))
        {
            var history = await reader.GetHistoryAsync(10);
            Assert.Equal(
                [(policies.WithoutBozemanRevision, "second-publisher", policies.FullRevision), (policies.FullRevision, "first-publisher", (string?)null)],
                history.Select(h => (h.Revision, h.ActivatedBy, h.PreviousRevision)));
        }

        // Rollback: both back to the first revision, the removed jurisdiction answers again.
        var rollback = await Ctl.OkAsync(log, ["rollback", "--by", "rollbacker", .. store]);
        Assert.Contains("rolled back to revision " + policies.FullRevision, rollback, StringComparison.Ordinal);
        await Poll.UntilAsync(
            async () => await a.ServedRevisionAsync() == policies.FullRevision && await b.ServedRevisionAsync() == policies.FullRevision,
            "both servers are back on the first revision",
            TimeSpan.FromSeconds(10));
        Assert.Equal(Outcome.Prohibited, (await b.Client.CheckEncounterAsync(Requests.Removed())).Outcome);

        // status: the active revision, the history with who and previous, both servers on the active revision.
        await Poll.UntilAsync(
            async () => (await Ctl.RunAsync(log, ["status", .. store])).Output.Contains("2 server(s) reporting, 0 not on the active revision", StringComparison.Ordinal),
            "status shows both servers on the active revision",
            TimeSpan.FromSeconds(10));
        var status = await Ctl.OkAsync(log, ["status", .. store]);
        Assert.Contains("active revision: " + policies.FullRevision, status, StringComparison.Ordinal);
        Assert.Contains("activated by rollbacker", status, StringComparison.Ordinal);
        Assert.Contains("previous " + policies.WithoutBozemanRevision, status, StringComparison.Ordinal);
        foreach (var who in new[] { "first-publisher", "second-publisher", "rollbacker", "│ a ", "│ b " })
        {
            Assert.Contains(who, status, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Activate_by_prefix_switches_the_servers_and_an_unknown_revision_exits_4()
    {
        using var policies = new PolicySets();
        await using var redis = await RedisServer.StartNewAsync();
        var prefix = RedisServer.NewKeyPrefix("activate");
        string[] store = ["--redis", redis.ConnectionString, "--prefix", prefix];
        await Ctl.OkAsync(log, ["publish", "--yes", "--policies", PolicySets.Full, .. store]);
        await Ctl.OkAsync(log, ["publish", "--yes", "--policies", policies.WithoutBozeman, .. store]);
        await using var a = await ComplianceServer.StartAsync(redis.ConnectionString, prefix, policies.SnapshotPath("a"), "a");
        Assert.Equal(policies.WithoutBozemanRevision, await a.ServedRevisionAsync());

        var activated = await Ctl.OkAsync(log, ["activate", policies.FullRevision[..10], .. store]);
        Assert.Contains("activated revision " + policies.FullRevision, activated, StringComparison.Ordinal);
        await Poll.UntilAsync(async () => await a.ServedRevisionAsync() == policies.FullRevision, "the server serves the activated revision", TimeSpan.FromSeconds(10));

        var unknown = await Ctl.RunAsync(log, ["activate", new string('0', 64), .. store]);
        Assert.Equal(Cli.ExitCodes.RevisionNotFound, unknown.ExitCode);
        var unknownPrefix = await Ctl.RunAsync(log, ["activate", "00000000", .. store]);
        Assert.Equal(Cli.ExitCodes.RevisionNotFound, unknownPrefix.ExitCode);
        Assert.Equal(policies.FullRevision, await a.ServedRevisionAsync());
    }
}
