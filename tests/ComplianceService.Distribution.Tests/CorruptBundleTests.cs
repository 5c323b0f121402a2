extern alias compliancectl;

using System.Security.Cryptography;
using Grpc.Health.V1;
using ComplianceService.Contracts.V1;
using ComplianceService.Engine;
using ComplianceService.Store;
using ComplianceService.Testing;
using ComplianceService.Testing.Redis;
using StackExchange.Redis;

namespace ComplianceService.Distribution.Tests;

/// <summary>
/// A damaged bundle is refused: compliancectl will not activate it, a server handed it anyway refuses and logs it, and the
/// old revision keeps serving; bytes that are no bundle are refused by the engine; publishing the good bytes repairs it.
/// </summary>
public sealed class CorruptBundleTests(ITestOutputHelper log)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_damaged_bundle_is_not_activated_is_refused_and_logged_if_named_anyway_and_the_old_revision_keeps_serving()
    {
        using var policies = new PolicySets();
        await using var redis = await RedisServer.StartNewAsync();
        var prefix = RedisServer.NewKeyPrefix("corrupt");
        string[] ctl = ["--redis", redis.ConnectionString, "--prefix", prefix];
        await Ctl.OkAsync(log, ["publish", "--yes", "--policies", PolicySets.Full, .. ctl]);
        await using var a = await ComplianceServer.StartAsync(
            redis.ConnectionString, prefix, policies.SnapshotPath("a"), "a", ("Compliance:Store:HeartbeatInterval", "00:00:00.500"));
        Assert.Equal(policies.FullRevision, await a.ServedRevisionAsync());
        await using var store = await RedisPolicyStore.ConnectAsync(new PolicyStoreOptions { ConnectionString = redis.ConnectionString, KeyPrefix = prefix });
        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);

        // Bytes that hash to their revision but are no policy bundle: the store activates them, the engine refuses them.
        var garbage = RandomNumberGenerator.GetBytes(4096);
        var garbageRevision = BundleRevision.Compute(garbage);
        Assert.True(await store.PutBundleAsync(garbageRevision, garbage));
        var garbageActivation = await store.ActivateAsync(garbageRevision, "tester");
        await Poll.UntilAsync(
            () => Task.FromResult(a.LogLines.Any(l => l.Contains("Refused policy revision " + garbageRevision + ": the engine refused it: not a policy bundle", StringComparison.Ordinal))),
            "the server logs that the engine refused a bundle that is not one, and why",
            Deadline);
        await AssertStillServesAsync(a, policies.FullRevision);

        // One line says so, with the engine's reason: not one from the distributor and another from the host, and not
        // again on the heartbeats that follow (0.5 s here).
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var aboutGarbage = a.LogLines.Where(l => l.Contains(garbageRevision, StringComparison.Ordinal) && !l.StartsWith("Debug", StringComparison.Ordinal)).ToArray();
        log.WriteLine(string.Join(Environment.NewLine, aboutGarbage));
        Assert.Single(aboutGarbage);

        // One byte changed under a stored bundle: compliancectl activate refuses it (exit 4) and moves nothing.
        var next = PolicySets.Compile(policies.WithoutBozeman);
        Assert.True(await store.PutBundleAsync(next.Revision!, next.Bundle));
        var damaged = next.Bundle!.ToArray();
        damaged[damaged.Length / 2] ^= 0x5a;
        await raw.GetDatabase().HashSetAsync(prefix + "bundles:" + next.Revision, "data", damaged);
        var (exitCode, output) = await Ctl.RunAsync(log, ["activate", next.Revision!, .. ctl]);
        Assert.Equal(compliancectl::ComplianceService.Cli.ExitCodes.RevisionNotFound, exitCode);
        Assert.Contains("damaged", output, StringComparison.Ordinal);
        Assert.Equal(garbageActivation, await store.GetActiveAsync());

        // The pointer moved to it around the store's checks (by hand, by an attacker with Redis access): the server refuses it.
        await ByHand.MovePointerAsync(raw.GetDatabase(), prefix, next.Revision!, garbageActivation);
        await Poll.UntilAsync(
            () => Task.FromResult(a.LogLines.Any(l => l.Contains("Refused policy revision " + next.Revision, StringComparison.Ordinal))),
            "the server logs that it refused the damaged bundle",
            Deadline);
        log.WriteLine(a.LogLines.First(l => l.Contains("Refused policy revision", StringComparison.Ordinal)));
        await AssertStillServesAsync(a, policies.FullRevision);

        // The documented repair while the damaged revision is the active one: publish puts the good bytes again
        // (and says it is already active); the servers fetch the active bundle again on their heartbeat.
        var republish = await Ctl.OkAsync(log, ["publish", "--yes", "--policies", policies.WithoutBozeman, .. ctl]);
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
