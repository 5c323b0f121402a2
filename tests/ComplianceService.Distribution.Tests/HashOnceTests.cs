using ComplianceService.Engine;
using ComplianceService.Store;
using ComplianceService.Testing;
using ComplianceService.Testing.Redis;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using StackExchange.Redis;

namespace ComplianceService.Distribution.Tests;

/// <summary>
/// A server verifies a bundle once per activation: the distributor hashes it, and neither the engine loading it nor the
/// last good snapshot writing it hashes it again. Counted on the bundle-hash counter, by revision.
/// </summary>
public sealed class HashOnceTests(ITestOutputHelper log)
{
    [Fact]
    public async Task Each_server_hashes_an_activated_bundle_once_and_serves_it_and_keeps_it_on_disk()
    {
        using var policies = new PolicySets();
        await using var redis = await RedisServer.StartNewAsync();
        var prefix = RedisServer.NewKeyPrefix("hash-once");
        await Ctl.OkAsync(log, ["publish", "--yes", "--policies", PolicySets.Full, "--redis", redis.ConnectionString, "--prefix", prefix]);
        // Heartbeats every 0.3 s: re-reading the pointer of the revision served must not hash its bundle again.
        (string, string) heartbeat = ("Compliance:Store:HeartbeatInterval", "00:00:00.300");
        await using var a = await ComplianceServer.StartAsync(redis.ConnectionString, prefix, policies.SnapshotPath("a"), "a", heartbeat);
        await using var b = await ComplianceServer.StartAsync(redis.ConnectionString, prefix, policies.SnapshotPath("b"), "b", heartbeat);
        await using var store = await RedisPolicyStore.ConnectAsync(new PolicyStoreOptions { ConnectionString = redis.ConnectionString, KeyPrefix = prefix });
        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);

        // A revision no other test uses, stored (hashed here, in the test) before counting starts.
        var marked = PolicySets.Compile(policies.Marked(Guid.NewGuid().ToString("N")));
        Assert.True(await store.PutBundleAsync(marked.Revision!, marked.Bundle));
        var current = (await store.GetActiveAsync())!;

        using var hashes = new MetricCollector<long>(null, BundleRevision.MeterName, BundleRevision.HashesInstrument);

        // Moved by hand: nothing in this process hashes the bundle on the way, so every hash counted is a server's.
        await ByHand.MovePointerAsync(raw.GetDatabase(), prefix, marked.Revision!, current);
        await Poll.UntilAsync(
            async () => await a.ServedRevisionAsync() == marked.Revision && await b.ServedRevisionAsync() == marked.Revision,
            "both servers serve the marked revision",
            TimeSpan.FromSeconds(15));

        // A few heartbeats later, and after the last good snapshot is written.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var counted = hashes.GetMeasurementSnapshot()
            .Where(m => m.Tags.TryGetValue("revision", out var tag) && (string?)tag == marked.Revision)
            .Sum(m => m.Value);
        log.WriteLine($"hashes of {marked.Revision} by two servers: {counted}");
        Assert.Equal(2, counted);

        // Each kept the revision it serves as its last good snapshot (read back here, verified by the reader).
        Assert.Equal(marked.Revision, (await new LastGoodSnapshot(policies.SnapshotPath("a")).ReadAsync())?.Activation.Revision);
        Assert.Equal(marked.Revision, (await new LastGoodSnapshot(policies.SnapshotPath("b")).ReadAsync())?.Activation.Revision);
    }
}
