using System.Diagnostics;
using ComplianceService.Store;
using ComplianceService.Testing;
using ComplianceService.Testing.Redis;
using StackExchange.Redis;

namespace ComplianceService.Distribution.Tests;

/// <summary>
/// Someone who can reach Redis publishes on the activation channel a message naming a stored revision nobody activated:
/// no server serves it, not even for a moment, since the active pointer is the only authority.
/// </summary>
public sealed class ForgedAnnouncementTests(ITestOutputHelper log)
{
    [Fact]
    public async Task A_publish_naming_a_revision_nobody_activated_changes_no_server()
    {
        using var policies = new PolicySets();
        await using var redis = await RedisServer.StartNewAsync();
        var prefix = RedisServer.NewKeyPrefix("forged");
        await Ctl.OkAsync(log, ["publish", "--yes", "--policies", PolicySets.Full, "--redis", redis.ConnectionString, "--prefix", prefix]);
        (string, string)[] fast = [("Compliance:Store:HeartbeatInterval", "00:00:00.250")];
        await using var a = await ComplianceServer.StartAsync(redis.ConnectionString, prefix, policies.SnapshotPath("a"), "a", fast);
        await using var b = await ComplianceServer.StartAsync(redis.ConnectionString, prefix, policies.SnapshotPath("b"), "b", fast);

        // A good bundle, stored and never activated.
        await using (var store = await RedisPolicyStore.ConnectAsync(new PolicyStoreOptions { ConnectionString = redis.ConnectionString, KeyPrefix = prefix }))
        {
            var other = PolicySets.Compile(policies.WithoutBozeman);
            Assert.True(await store.PutBundleAsync(other.Revision!, other.Bundle));
        }

        var clock = Stopwatch.StartNew();
        await using var load = new ContinuousLoad([a, b], policies.FullRevision, policies.WithoutBozemanRevision, clock);
        using (var raw = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            var forged = $$"""{"revision":"{{policies.WithoutBozemanRevision}}","activatedAt":"2025-01-01T00:00:00.0000000Z","activatedBy":"mallory","sequence":9999999999999}""";
            var receivers = await raw.GetSubscriber().PublishAsync(RedisChannel.Literal(prefix + "activations"), forged);
            Assert.Equal(2, receivers); // both servers got it
        }

        // Several heartbeats under load: every answer still comes from the published revision.
        await Task.Delay(TimeSpan.FromSeconds(2));
        await load.StopAsync();
        Assert.True(load.Errors.Count == 0, string.Join(Environment.NewLine, load.Errors.Take(20)));
        Assert.Empty(load.FirstNew);
        Assert.All(load.Calls.Values, calls => Assert.True(calls > 0));
        log.WriteLine($"calls after the forged message: {string.Join(", ", load.Calls.Select(c => $"{c.Key}={c.Value}"))}, none from the forged revision");
        Assert.Equal(policies.FullRevision, await a.ServedRevisionAsync());
        Assert.Equal(policies.FullRevision, await b.ServedRevisionAsync());
    }
}
