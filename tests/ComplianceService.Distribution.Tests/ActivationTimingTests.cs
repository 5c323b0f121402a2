using System.Diagnostics;
using ComplianceService.Testing;
using Grpc.Core;
using ComplianceService.Store;
using ComplianceService.Testing.Redis;
using Grpc.Health.V1;

namespace ComplianceService.Distribution.Tests;

/// <summary>
/// Servers started on an empty store serve nothing until the first publish; then the time from an activation to both
/// servers answering from it is measured and logged (a figure for the README, not an assertion).
/// </summary>
public sealed class ActivationTimingTests(ITestOutputHelper log)
{
    private const int Switches = 10;

    [Fact]
    public async Task Servers_on_an_empty_store_serve_after_the_first_publish_and_follow_each_activation()
    {
        using var policies = new PolicySets();
        await using var redis = await RedisServer.StartNewAsync();
        var prefix = RedisServer.NewKeyPrefix("timing");
        await using var a = await ComplianceServer.StartAsync(redis.ConnectionString, prefix, policies.SnapshotPath("a"), "a");
        await using var b = await ComplianceServer.StartAsync(redis.ConnectionString, prefix, policies.SnapshotPath("b"), "b");

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, await a.HealthAsync());
        var unavailable = await Assert.ThrowsAsync<RpcException>(() => b.Client.CheckEncounterAsync(Requests.Kept()).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, unavailable.StatusCode);

        await Ctl.OkAsync(log, ["publish", "--yes", "--policies", PolicySets.Full, "--redis", redis.ConnectionString, "--prefix", prefix]);
        await Poll.UntilAsync(
            async () => await a.ServedRevisionAsync() == policies.FullRevision && await b.ServedRevisionAsync() == policies.FullRevision,
            "both servers serve the first publish",
            TimeSpan.FromSeconds(10));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await a.HealthAsync());

        await using var store = await RedisPolicyStore.ConnectAsync(new PolicyStoreOptions { ConnectionString = redis.ConnectionString, KeyPrefix = prefix });
        var other = PolicySets.Compile(policies.WithoutBozeman);
        Assert.True(await store.PutBundleAsync(other.Revision!, other.Bundle));

        var times = new List<double>();
        for (var i = 0; i < Switches; i++)
        {
            var target = i % 2 == 0 ? other.Revision! : policies.FullRevision;
            var clock = Stopwatch.StartNew();
            await store.ActivateAsync(target, "timing");
            await Poll.UntilAsync(
                async () => await a.ServedRevisionAsync() == target && await b.ServedRevisionAsync() == target,
                "both servers serve activation " + i,
                TimeSpan.FromSeconds(10));
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        log.WriteLine($"activation -> both servers serving, {Switches} switches of a {other.Bundle!.Length / 1024} KiB bundle: " +
            $"min {times[0]:0.0} ms, median {times[Switches / 2]:0.0} ms, max {times[^1]:0.0} ms");
    }
}
