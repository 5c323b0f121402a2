using System.Security.Cryptography;
using Grpc.Health.V1;
using ComplianceService.Testing;
using ComplianceService.Contracts.V1;
using ComplianceService.Store;
using ComplianceService.Testing.Redis;
using StackExchange.Redis;

namespace ComplianceService.Distribution.Tests;

/// <summary>A bundle damaged in Redis is refused and logged; the old revision keeps serving.</summary>
public sealed class CorruptBundleTests(ITestOutputHelper log)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_damaged_bundle_is_refused_and_logged_and_the_old_revision_keeps_serving()
    {
        using var policies = new PolicySets();
        await using var redis = await RedisServer.StartNewAsync();
        var prefix = RedisServer.NewKeyPrefix("corrupt");
        await Ctl.OkAsync(log, ["publish", "--policies", PolicySets.Full, "--redis", redis.ConnectionString, "--prefix", prefix]);
        await using var a = await ComplianceServer.StartAsync(
            redis.ConnectionString, prefix, policies.SnapshotPath("a"), "a", ("Compliance:Store:HeartbeatInterval", "00:00:00.500"));
        Assert.Equal(policies.FullRevision, await a.ServedRevisionAsync());

        await using var store = await RedisPolicyStore.ConnectAsync(new PolicyStoreOptions { ConnectionString = redis.ConnectionString, KeyPrefix = prefix });
        var next = PolicySets.Compile(policies.WithoutBozeman);
        Assert.True(await store.PutBundleAsync(next.Revision!, next.Bundle));

        // One byte changed under the bundle key, then an activation of that revision.
        var damaged = next.Bundle!.ToArray();
        damaged[damaged.Length / 2] ^= 0x5a;
        using (var raw = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            await raw.GetDatabase().StringSetAsync(prefix + "bundle:" + next.Revision, damaged);
        }

        await store.ActivateAsync(next.Revision!, "tester");
        await Poll.UntilAsync(
            () => Task.FromResult(a.LogLines.Any(l => l.Contains("Refused policy revision " + next.Revision, StringComparison.Ordinal))),
            "the server logs that it refused the damaged bundle",
            Deadline);
        log.WriteLine(a.LogLines.First(l => l.Contains("Refused policy revision", StringComparison.Ordinal)));
        await AssertStillServesAsync(a, policies.FullRevision);

        // Bytes that hash to their revision but are no policy bundle: the engine refuses them.
        var garbage = RandomNumberGenerator.GetBytes(4096);
        var garbageRevision = BundleRevision.Compute(garbage);
        Assert.True(await store.PutBundleAsync(garbageRevision, garbage));
        await store.ActivateAsync(garbageRevision, "tester");
        await Poll.UntilAsync(
            () => Task.FromResult(a.LogLines.Any(l => l.Contains("Policy bundle " + garbageRevision + " refused", StringComparison.Ordinal))),
            "the server logs that the engine refused a bundle that is not one",
            Deadline);
        log.WriteLine(a.LogLines.First(l => l.Contains("Policy bundle " + garbageRevision, StringComparison.Ordinal)));
        await AssertStillServesAsync(a, policies.FullRevision);

        // The documented repair while the damaged revision is the active one: publish puts the good bytes again
        // (and says it is already active); the servers fetch the active bundle again on their heartbeat.
        string[] ctl = ["--redis", redis.ConnectionString, "--prefix", prefix];
        await store.ActivateAsync(next.Revision!, "tester");
        var republish = await Ctl.OkAsync(log, ["publish", "--policies", policies.WithoutBozeman, .. ctl]);
        Assert.Contains("already active", republish, StringComparison.Ordinal);
        // Within a few heartbeats of the configured 0.5 s (the default of 10 s would miss this).
        await Poll.UntilAsync(async () => await a.ServedRevisionAsync() == next.Revision, "the repaired bundle is served", TimeSpan.FromSeconds(4));
    }

    private static async Task AssertStillServesAsync(ComplianceServer server, string revision)
    {
        Assert.Equal(revision, await server.ServedRevisionAsync());
        Assert.Equal(Outcome.Prohibited, (await server.Client.CheckEncounterAsync(Requests.Removed())).Outcome);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await server.HealthAsync());
    }
}
