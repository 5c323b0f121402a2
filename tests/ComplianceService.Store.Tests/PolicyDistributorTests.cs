using ComplianceService.Testing.Redis;
using StackExchange.Redis;
using ComplianceService.Testing.Logging;

namespace ComplianceService.Store.Tests;

/// <summary>Each test gets its own redis-server, since some stop and restart it.</summary>
public sealed class PolicyDistributorTests : IAsyncLifetime
{
    private readonly string _prefix = RedisServer.NewKeyPrefix("distributor");
    private readonly string _directory = Directory.CreateTempSubdirectory("compliance-distributor-").FullName;
    private readonly MetricsRecorder _metrics = new();
    private readonly List<IAsyncDisposable> _owned = [];
    private RedisServer _redis = null!;
    private RedisPolicyStore _admin = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartNewAsync();
        _admin = await ConnectStoreAsync();
    }

    public async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        await _redis.DisposeAsync();
        _metrics.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task At_start_up_the_active_revision_is_loaded_verified_and_kept_on_disk()
    {
        var (revision, bytes) = await PutAsync();
        var activation = await _admin.ActivateAsync(revision, "alice");
        var instance = await StartInstanceAsync("web-1");

        Assert.Equal(activation, instance.Engine.Last);
        Assert.Equal(bytes, instance.Engine.Bytes);
        Assert.Equal(activation, instance.Distributor.Current);
        Assert.True(instance.Distributor.IsStoreConnected);
        var onDisk = await new LastGoodSnapshot(instance.Options.SnapshotPath).ReadAsync();
        Assert.Equal(activation, onDisk?.Activation);
        Assert.Equal([instance.Id], (await _admin.GetInstancesAsync()).Where(i => i.Revision == revision).Select(i => i.InstanceId));
    }

    [Fact]
    public async Task Two_instances_both_switch_to_a_newly_activated_revision()
    {
        var (first, _) = await PutAsync();
        await _admin.ActivateAsync(first, "alice");
        var one = await StartInstanceAsync("web-1");
        var two = await StartInstanceAsync("web-2");
        var (second, secondBytes) = await PutAsync();

        var activation = await _admin.ActivateAsync(second, "bob");

        await Poll.UntilAsync(() => one.Engine.Revision == second && two.Engine.Revision == second, "both instances serve the new revision", TimeSpan.FromSeconds(20));
        Assert.Equal(activation, one.Engine.Last);
        Assert.Equal(activation, two.Engine.Last);
        Assert.Equal(secondBytes, two.Engine.Bytes);
        Assert.Equal(first, one.Engine.Last!.PreviousRevision);
        await Poll.UntilAsync(() => InstancesServing(second).SetEquals([one.Id, two.Id]), "both instances report the new revision", TimeSpan.FromSeconds(20));
        Assert.Equal(second, (await new LastGoodSnapshot(one.Options.SnapshotPath).ReadAsync())?.Activation.Revision);
        Assert.Equal(2, _metrics.Sum(PolicyStoreMetrics.Activations, one.Id));
    }

    [Fact]
    public async Task A_bundle_damaged_in_redis_is_refused_and_the_old_revision_keeps_serving()
    {
        var (first, firstBytes) = await PutAsync();
        await _admin.ActivateAsync(first, "alice");
        var instance = await StartInstanceAsync("web-1");
        var (second, secondBytes) = await PutAsync();
        var damaged = (byte[])secondBytes.Clone();
        damaged[17] ^= 0xFF;
        await RawDatabase().HashSetAsync(_prefix + "bundles:" + second, "data", damaged);

        // The store refuses to activate damaged bytes, so the pointer is moved around it (by hand, another tool, an attacker
        // with Redis access): the server still checks every byte it is handed.
        await Assert.ThrowsAsync<BundleDamagedException>(() => _admin.ActivateAsync(second, "bob"));
        await MovePointerByHandAsync(second, "bob", announce: true);

        await Poll.UntilAsync(() => _metrics.Sum(PolicyStoreMetrics.BundlesRefused, instance.Id) == 1, "the damaged bundle is refused", TimeSpan.FromSeconds(20));
        Assert.Equal([first], instance.Engine.Revisions);
        Assert.Equal(first, instance.Distributor.Current?.Revision);
        Assert.Equal(firstBytes, instance.Engine.Bytes);
        Assert.Equal(first, (await new LastGoodSnapshot(instance.Options.SnapshotPath).ReadAsync())?.Activation.Revision);
        Assert.Contains(instance.Logs.Messages("BundleRefused"), m => m.Contains(second, StringComparison.Ordinal) && m.Contains("do not hash", StringComparison.Ordinal));

        // Putting the good bytes back is enough: the heartbeat fetches the active revision again. The retries that
        // still found it damaged were not counted as new refusals.
        Assert.True(await _admin.PutBundleAsync(second, secondBytes));
        await Poll.UntilAsync(() => instance.Engine.Revision == second, "the repaired bundle is served", TimeSpan.FromSeconds(20));
        Assert.Equal(1, _metrics.Sum(PolicyStoreMetrics.BundlesRefused, instance.Id));
    }

    [Fact]
    public async Task A_bundle_the_engine_refuses_is_refused_and_the_old_revision_keeps_serving()
    {
        var (first, _) = await PutAsync();
        await _admin.ActivateAsync(first, "alice");
        var instance = await StartInstanceAsync("web-1");
        var (second, _) = await PutAsync();
        instance.Engine.Refuse(second);

        await _admin.ActivateAsync(second, "bob");

        await Poll.UntilAsync(() => _metrics.Sum(PolicyStoreMetrics.BundlesRefused, instance.Id) == 1, "the engine's refusal is counted", TimeSpan.FromSeconds(20));
        Assert.Equal(first, instance.Distributor.Current?.Revision);
        Assert.Equal([first], instance.Engine.Revisions);
        Assert.Equal(first, (await new LastGoodSnapshot(instance.Options.SnapshotPath).ReadAsync())?.Activation.Revision);
    }

    [Fact]
    public async Task An_activation_whose_message_was_lost_is_picked_up_by_the_heartbeat()
    {
        var (first, _) = await PutAsync();
        await _admin.ActivateAsync(first, "alice");
        var instance = await StartInstanceAsync("web-1");
        var (second, _) = await PutAsync();

        // Move the pointer without announcing it, as if the message had been missed.
        await MovePointerByHandAsync(second, "ops", announce: false);

        await Poll.UntilAsync(() => instance.Engine.Revision == second, "the heartbeat applies the active revision", TimeSpan.FromSeconds(20));
        Assert.Equal("ops", instance.Engine.Last?.ActivatedBy);
    }

    [Fact]
    public async Task A_message_naming_a_revision_nobody_activated_changes_no_server()
    {
        var (first, _) = await PutAsync();
        await _admin.ActivateAsync(first, "alice");
        var one = await StartInstanceAsync("web-1");
        var two = await StartInstanceAsync("web-2");
        var (stored, _) = await PutAsync();

        // What anyone who reaches Redis can send: the old message format naming a stored revision that nobody activated,
        // with a sequence number above everything, and a bare revision for good measure.
        var channel = RedisChannel.Literal(_prefix + "activations");
        var subscriber = RawDatabase().Multiplexer.GetSubscriber();
        await subscriber.PublishAsync(channel, $$"""{"revision":"{{stored}}","activatedAt":"2025-01-01T00:00:00.0000000Z","activatedBy":"mallory","sequence":9999999999999}""");
        await subscriber.PublishAsync(channel, stored);
        await Task.Delay(TimeSpan.FromSeconds(1)); // three heartbeats

        // A real activation afterwards is served: the messages above were handled before it.
        var (third, _) = await PutAsync();
        await _admin.ActivateAsync(third, "bob");
        await Poll.UntilAsync(() => AllServe(third, one, two), "both instances serve the real activation", TimeSpan.FromSeconds(20));
        Assert.Equal([first, third], one.Engine.Revisions);
        Assert.Equal([first, third], two.Engine.Revisions);
        Assert.DoesNotContain(stored, InstancesServing(stored));
    }

    [Fact]
    public async Task A_burst_of_1000_activations_with_a_10_ms_heartbeat_never_steps_a_server_back()
    {
        var revisions = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            revisions.Add((await PutAsync()).Revision);
        }

        await _admin.ActivateAsync(revisions[0], "alice");
        var heartbeat = TimeSpan.FromMilliseconds(10);
        var one = await StartInstanceAsync("web-1", heartbeat: heartbeat);
        var two = await StartInstanceAsync("web-2", heartbeat: heartbeat);

        // Two operators activating at once, 500 each, every activation a change of revision for its own operator.
        var operators = new[] { _admin, await ConnectStoreAsync(Options("admin-2")) };
        var burst = operators.Select((store, n) => Task.Run(async () =>
        {
            for (var i = 1; i <= 500; i++)
            {
                await store.ActivateAsync(revisions[((i * 2) + n) % revisions.Count], "operator-" + n);
            }
        }));
        await Task.WhenAll(burst);
        var last = await _admin.GetActiveAsync();

        await Poll.UntilAsync(() => one.Distributor.Current == last && two.Distributor.Current == last, "both instances serve the last activation", TimeSpan.FromSeconds(20));
        Assert.True((await _admin.GetHistoryAsync(2000)).Count >= 900, "the burst made (nearly) 1000 activations"); // a few may repeat the active revision
        foreach (var instance in new[] { one, two })
        {
            var served = instance.Engine.Activations;
            Assert.All(served.Zip(served.Skip(1)), pair => Assert.True(
                pair.Second.Sequence > pair.First.Sequence,
                $"{instance.Id} went from activation {pair.First.Sequence} to {pair.Second.Sequence}"));
            Assert.Equal(0, instance.Logs.Count("OlderActivationIgnored"));
        }
    }

    [Fact]
    public async Task Redis_unreachable_at_start_up_is_one_line_in_the_log_without_a_stack_trace()
    {
        var (first, _) = await PutAsync();
        await _admin.ActivateAsync(first, "alice");
        var serving = await StartInstanceAsync("web-1");
        await _redis.StopAsync();

        var cold = await StartInstanceAsync("web-2", snapshotPath: serving.Options.SnapshotPath);

        Assert.Equal(first, cold.Distributor.Current?.Revision);
        Assert.Equal(1, cold.Logs.Count("StoreUnavailableAtStartup"));
        await Poll.UntilAsync(() => serving.Logs.Count("ConnectionLost") == 1, "the running instance notices the outage", TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(1)); // reconnection attempts meanwhile
        foreach (var instance in new[] { serving, cold })
        {
            Assert.Empty(instance.Logs.WithException());
            Assert.Empty(instance.StoreLogs.WithException());
        }
    }

    [Fact]
    public async Task With_nothing_active_and_no_snapshot_there_is_nothing_to_serve_until_an_activation_arrives()
    {
        var instance = await StartInstanceAsync("web-1");
        Assert.Null(instance.Distributor.Current);
        var (revision, _) = await PutAsync();

        await _admin.ActivateAsync(revision, "alice");

        await Poll.UntilAsync(() => instance.Distributor.Current?.Revision == revision, "the first activation is served", TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Through_a_redis_outage_instances_keep_serving_a_cold_start_uses_the_snapshot_and_later_activations_reach_everyone()
    {
        var (first, firstBytes) = await PutAsync();
        var firstActivation = await _admin.ActivateAsync(first, "alice");
        var one = await StartInstanceAsync("web-1");
        var two = await StartInstanceAsync("web-2");

        // Redis goes away: both keep their revision, nothing is thrown, the outage is seen and logged.
        await _redis.StopAsync();
        await Poll.UntilAsync(() => !one.Distributor.IsStoreConnected && !two.Distributor.IsStoreConnected, "both instances notice the outage", TimeSpan.FromSeconds(20));
        Assert.Equal(first, one.Distributor.Current?.Revision);
        Assert.Equal(first, two.Distributor.Current?.Revision);
        Assert.Equal(0, _metrics.Gauge(PolicyStoreMetrics.Connected, one.Id));
        Assert.Equal(1, one.Logs.Count("ConnectionLost"));
        await Assert.ThrowsAsync<PolicyStoreUnavailableException>(() => _admin.GetActiveRevisionAsync());

        // A new instance starting while Redis is down serves the last good snapshot (the file web-1 wrote).
        var three = await StartInstanceAsync("web-3", snapshotPath: one.Options.SnapshotPath);
        Assert.Equal(firstActivation, three.Distributor.Current);
        Assert.Equal(firstBytes, three.Engine.Bytes);
        Assert.False(three.Distributor.IsStoreConnected);
        Assert.Equal(1, three.Logs.Count("StoreUnavailableAtStartup"));

        // Redis is back (empty: it had no persistence). Everyone reconnects and keeps serving what it had.
        await _redis.StartAsync();
        await Poll.UntilAsync(
            () => one.Distributor.IsStoreConnected && two.Distributor.IsStoreConnected && three.Distributor.IsStoreConnected,
            "all instances reconnect", TimeSpan.FromSeconds(20));
        foreach (var instance in new[] { one, two, three })
        {
            Assert.Equal(1, _metrics.Sum(PolicyStoreMetrics.Reconnects, instance.Id));
            Assert.Equal(1, instance.Logs.Count("Reconnected"));
            Assert.Equal(1, _metrics.Gauge(PolicyStoreMetrics.Connected, instance.Id));
            Assert.Equal(first, instance.Distributor.Current?.Revision);

            // An outage is expected: logged in lines with their reasons, no stack traces.
            Assert.Empty(instance.Logs.WithException());
            Assert.Empty(instance.StoreLogs.WithException());
        }

        // A later activation reaches all of them, including the one that started from disk.
        await Poll.UntilAsync(() => _admin.IsConnected, "the admin connection is back", TimeSpan.FromSeconds(20));
        Assert.True(await _admin.PutBundleAsync(first, firstBytes));
        var (second, _) = await PutAsync();
        await _admin.ActivateAsync(first, "alice");
        await _admin.ActivateAsync(second, "bob");
        await Poll.UntilAsync(() => AllServe(second, one, two, three), "every instance serves the activation made after the outage", TimeSpan.FromSeconds(20));

        // And so does a rollback.
        var rollback = await _admin.RollbackAsync("carol");
        Assert.Equal(first, rollback?.Revision);
        await Poll.UntilAsync(() => AllServe(first, one, two, three), "every instance serves the rolled-back revision", TimeSpan.FromSeconds(20));
        Assert.Equal(rollback, three.Engine.Last);
        await Poll.UntilAsync(() => InstancesServing(first).SetEquals([one.Id, two.Id, three.Id]), "every instance reports the rolled-back revision", TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_damaged_snapshot_is_not_served_at_a_cold_start_without_redis()
    {
        var snapshotPath = Path.Combine(_directory, "damaged.bin");
        var (revision, bytes) = Bundles.Random();
        await new LastGoodSnapshot(snapshotPath).WriteAsync(new ActivationRecord(revision, DateTimeOffset.UtcNow, "alice", null), VerifiedBundle.Of(bytes));
        var content = await File.ReadAllBytesAsync(snapshotPath);
        content[^1] ^= 0x01;
        await File.WriteAllBytesAsync(snapshotPath, content);
        await _redis.StopAsync();

        var instance = await StartInstanceAsync("web-1", snapshotPath);

        Assert.Null(instance.Distributor.Current);
        Assert.Empty(instance.Engine.Revisions);
        Assert.Equal(1, instance.Logs.Count("SnapshotRefused"));
    }

    private static bool AllServe(string revision, params Instance[] instances) =>
        instances.All(i => i.Engine.Revision == revision && i.Distributor.Current?.Revision == revision);

    private HashSet<string> InstancesServing(string revision)
    {
        try
        {
            return _admin.GetInstancesAsync().GetAwaiter().GetResult().Where(i => i.Revision == revision).Select(i => i.InstanceId).ToHashSet();
        }
        catch (PolicyStoreUnavailableException)
        {
            return [];
        }
    }

    private async Task<(string Revision, byte[] Bytes)> PutAsync()
    {
        var bundle = Bundles.Random();
        Assert.True(await _admin.PutBundleAsync(bundle.Revision, bundle.Bytes));
        return bundle;
    }

    private PolicyStoreOptions Options(string instanceId, string? snapshotPath = null, TimeSpan? heartbeat = null) => new()
    {
        ConnectionString = _redis.ConnectionString,
        KeyPrefix = _prefix,
        InstanceId = instanceId + "-" + Guid.NewGuid().ToString("N")[..8],
        SnapshotPath = snapshotPath ?? Path.Combine(_directory, instanceId + ".bin"),
        ReconnectMinBackoff = TimeSpan.FromMilliseconds(50),
        ReconnectMaxBackoff = TimeSpan.FromMilliseconds(500),
        HeartbeatInterval = heartbeat ?? TimeSpan.FromMilliseconds(300),
        ConnectTimeout = TimeSpan.FromSeconds(1),
        OperationTimeout = TimeSpan.FromSeconds(2),
    };

    private async Task<RedisPolicyStore> ConnectStoreAsync(PolicyStoreOptions? options = null, RecordingLogger<RedisPolicyStore>? logs = null)
    {
        var store = await RedisPolicyStore.ConnectAsync(options ?? Options("admin"), logs);
        _owned.Add(store);
        return store;
    }

    private async Task<Instance> StartInstanceAsync(string name, string? snapshotPath = null, TimeSpan? heartbeat = null)
    {
        var options = Options(name, snapshotPath, heartbeat);
        var storeLogs = new RecordingLogger<RedisPolicyStore>();
        var store = await ConnectStoreAsync(options, storeLogs);
        var engine = new RecordingEngine();
        var logs = new RecordingLogger<PolicyDistributor>();
        var distributor = new PolicyDistributor(store, options, engine.Activator, logs);
        _owned.Add(distributor);
        await distributor.StartAsync(CancellationToken.None);
        return new Instance(options, distributor, engine, logs, storeLogs);
    }

    // Moves the active pointer the way the activation script would, numbered after the current activation, but around the
    // store and its checks; optionally announces it.
    private async Task MovePointerByHandAsync(string revision, string by, bool announce)
    {
        var current = await _admin.GetActiveAsync();
        var db = RawDatabase();
        HashEntry[] fields =
        [
            new("revision", revision),
            new("activatedAt", "2025-01-01T00:00:00.0000000Z"),
            new("activatedBy", by),
            new("sequence", (current?.Sequence ?? 0) + 1),
            .. current is null ? Array.Empty<HashEntry>() : [new HashEntry("previousRevision", current.Revision)],
        ];
        await db.KeyDeleteAsync(_prefix + "active");
        await db.HashSetAsync(_prefix + "active", fields);
        if (announce)
        {
            await db.Multiplexer.GetSubscriber().PublishAsync(RedisChannel.Literal(_prefix + "activations"), "hint");
        }
    }

    private IDatabase RawDatabase()
    {
        var connection = ConnectionMultiplexer.Connect(_redis.ConnectionString);
        _owned.Add(new RawConnection(connection));
        return connection.GetDatabase();
    }

    private sealed record Instance(
        PolicyStoreOptions Options, PolicyDistributor Distributor, RecordingEngine Engine, RecordingLogger<PolicyDistributor> Logs, RecordingLogger<RedisPolicyStore> StoreLogs)
    {
        public string Id => Options.InstanceId;
    }

    private sealed class RawConnection(ConnectionMultiplexer connection) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            connection.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
