using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace ComplianceService.Store.Tests;

public sealed class RedisPolicyStoreTests : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly RedisFixture _redis;
    private readonly PolicyStoreOptions _options;
    private readonly List<RedisPolicyStore> _stores = [];
    private readonly Dictionary<string, byte[]> _bytes = [];
    private RedisPolicyStore _store = null!;
    private ConnectionMultiplexer? _raw;

    public RedisPolicyStoreTests(RedisFixture redis)
    {
        _redis = redis;
        _options = new PolicyStoreOptions
        {
            ConnectionString = redis.Server.ConnectionString,
            KeyPrefix = Testing.Redis.RedisServer.NewKeyPrefix("store"),
        };
    }

    public async Task InitializeAsync() => _store = await ConnectAsync();

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        _raw?.Dispose();
    }

    [Fact]
    public async Task A_stored_bundle_reads_back_byte_for_byte_and_storing_it_again_is_harmless()
    {
        var (revision, bytes) = Bundles.Random();

        Assert.True(await _store.PutBundleAsync(revision, bytes));
        Assert.True(await _store.PutBundleAsync(revision, bytes));

        Assert.Equal(bytes, await _store.GetBundleAsync(revision));
        Assert.Null(await _store.GetBundleAsync(Bundles.Random().Revision));
    }

    [Fact]
    public async Task A_bundle_whose_bytes_do_not_hash_to_the_revision_is_not_stored()
    {
        var (revision, bytes) = Bundles.Random();
        var other = Bundles.Random().Bytes;

        Assert.False(await _store.PutBundleAsync(revision, other));
        Assert.False(await _store.PutBundleAsync(revision.ToUpperInvariant(), bytes));
        Assert.False(await _store.PutBundleAsync("not-a-revision", bytes));

        Assert.Null(await _store.GetBundleAsync(revision));
    }

    [Fact]
    public async Task A_slice_of_a_larger_buffer_is_stored_as_exactly_that_slice()
    {
        var (revision, bytes) = Bundles.Random(1000);
        var buffer = new byte[1200];
        bytes.CopyTo(buffer, 100);

        Assert.True(await _store.PutBundleAsync(revision, buffer.AsMemory(100, 1000)));

        Assert.Equal(bytes, await _store.GetBundleAsync(revision));
    }

    [Fact]
    public async Task Activating_sets_the_active_revision_and_records_who_when_and_what_it_replaced()
    {
        var first = await PutAsync();
        var second = await PutAsync();
        Assert.Null(await _store.GetActiveRevisionAsync());
        Assert.Null(await _store.GetActiveAsync());

        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var one = await _store.ActivateAsync(first, "alice");
        var two = await _store.ActivateAsync(second, "bob");
        var after = DateTimeOffset.UtcNow.AddSeconds(1);

        Assert.Equal(second, await _store.GetActiveRevisionAsync());
        Assert.Equal(two, await _store.GetActiveAsync());
        Assert.Equal(new ActivationRecord(first, one.ActivatedAt, "alice", null) { Sequence = one.Sequence }, one);
        Assert.Equal(new ActivationRecord(second, two.ActivatedAt, "bob", first) { Sequence = two.Sequence }, two);
        Assert.True(two.Sequence > one.Sequence, $"sequence {two.Sequence} follows {one.Sequence}");
        Assert.InRange(one.ActivatedAt, before, after);
        Assert.Equal(TimeSpan.Zero, one.ActivatedAt.Offset);

        Assert.Equal([two, one], await _store.GetHistoryAsync(10));
        Assert.Equal([two], await _store.GetHistoryAsync(1));
    }

    [Fact]
    public async Task Activating_a_revision_that_is_not_stored_is_refused_and_changes_nothing()
    {
        var stored = await PutAsync();
        await _store.ActivateAsync(stored, "alice");
        var missing = Bundles.Random().Revision;

        var refusal = await Assert.ThrowsAsync<RevisionNotStoredException>(() => _store.ActivateAsync(missing, "mallory"));

        Assert.Equal(missing, refusal.Revision);
        Assert.Equal(stored, await _store.GetActiveRevisionAsync());
        Assert.Single(await _store.GetHistoryAsync(10));
    }

    [Fact]
    public async Task Activating_a_revision_whose_stored_bytes_do_not_hash_to_it_is_refused_and_changes_nothing()
    {
        var stored = await PutAsync();
        var before = await _store.ActivateAsync(stored, "alice");
        var damaged = await PutAsync();
        await DamageAsync(damaged);

        var refusal = await Assert.ThrowsAsync<BundleDamagedException>(() => _store.ActivateAsync(damaged, "mallory"));

        Assert.Equal(damaged, refusal.Revision);
        Assert.Equal(before, await _store.GetActiveAsync());
        Assert.Equal([before], await _store.GetHistoryAsync(10));
    }

    [Fact]
    public async Task The_script_moves_nothing_when_the_bundle_is_not_the_one_the_caller_verified()
    {
        // What happens if the bytes are replaced between the caller's check and the script: it answers 'changed'.
        var stored = await PutAsync();
        var before = await _store.ActivateAsync(stored, "alice");
        var other = await PutAsync();
        var keys = new Internal.RedisKeys(_options.KeyPrefix);
        var values = Internal.ActivationScript.Arguments(
            keys, Internal.ActivationScript.Mode.Activate, other, Sha1(Bundles.Random().Bytes), "mallory", Internal.ActivationRecordJson.FormatTime(DateTimeOffset.UtcNow), 100, Guid.NewGuid().ToString("N"));

        var parts = (RedisResult[])(await RawDatabase().ScriptEvaluateAsync(Internal.ActivationScript.Source, Internal.ActivationScript.Keys(keys), values))!;

        Assert.Equal(["changed", other], parts.Select(p => (string?)p));
        Assert.Equal(before, await _store.GetActiveAsync());
        Assert.Equal([before], await _store.GetHistoryAsync(10));
    }

    [Fact]
    public async Task Activations_are_numbered_upwards_in_the_pointer_and_the_history_even_after_the_pointer_is_lost()
    {
        var revisions = new[] { await PutAsync(), await PutAsync(), await PutAsync() };
        var activations = new List<ActivationRecord>();
        for (var i = 0; i < 6; i++)
        {
            activations.Add(await _store.ActivateAsync(revisions[i % 3], "alice"));
        }

        Assert.All(activations.Zip(activations.Skip(1)), pair => Assert.True(pair.Second.Sequence > pair.First.Sequence));
        Assert.Equal(activations.Last().Sequence, (await _store.GetActiveAsync())?.Sequence);
        Assert.Equal(activations.AsEnumerable().Reverse(), await _store.GetHistoryAsync(10));
        Assert.Equal(activations.Last().Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)await RawDatabase().HashGetAsync(_options.KeyPrefix + "active", "sequence"));

        // As if Redis came back empty: the numbering goes on above the old numbers (it follows Redis's clock), so servers
        // still serving the old activation take the next one. A restart takes far longer than the millisecond waited here.
        await RawDatabase().KeyDeleteAsync(_options.KeyPrefix + "active");
        await Task.Delay(5);
        var afterLoss = await _store.ActivateAsync(revisions[1], "bob");
        Assert.True(afterLoss.Sequence > activations.Last().Sequence, $"sequence {afterLoss.Sequence} follows {activations.Last().Sequence}");
        Assert.Null(afterLoss.PreviousRevision);
    }

    [Fact]
    public async Task Activating_needs_a_well_formed_revision_and_an_actor()
    {
        var stored = await PutAsync();

        var shape = await Assert.ThrowsAsync<ArgumentException>(() => _store.ActivateAsync("abc", "alice"));
        Assert.Equal("revision", shape.ParamName);
        var actor = await Assert.ThrowsAsync<ArgumentException>(() => _store.ActivateAsync(stored, " "));
        Assert.Equal("activatedBy", actor.ParamName);
        Assert.Null(await _store.GetActiveRevisionAsync());
    }

    [Fact]
    public async Task Rolling_back_reactivates_the_previous_revision_and_rolling_back_again_undoes_it()
    {
        var first = await PutAsync();
        var second = await PutAsync();
        Assert.Null(await _store.RollbackAsync("carol"));
        await _store.ActivateAsync(first, "alice");
        Assert.Null(await _store.RollbackAsync("carol"));
        await _store.ActivateAsync(second, "bob");

        var back = await _store.RollbackAsync("carol");

        Assert.NotNull(back);
        Assert.Equal(first, back.Revision);
        Assert.True(back.Sequence > (await _store.GetHistoryAsync(2))[1].Sequence);
        Assert.Equal(second, back.PreviousRevision);
        Assert.Equal("carol", back.ActivatedBy);
        Assert.Equal(first, await _store.GetActiveRevisionAsync());
        Assert.Equal(3, (await _store.GetHistoryAsync(10)).Count);

        var forward = await _store.RollbackAsync("carol");
        Assert.Equal(second, forward?.Revision);
        Assert.Equal(second, await _store.GetActiveRevisionAsync());
    }

    [Fact]
    public async Task Activating_the_active_revision_again_changes_nothing()
    {
        var first = await PutAsync();
        var second = await PutAsync();
        await _store.ActivateAsync(first, "alice");
        var two = await _store.ActivateAsync(second, "bob");

        var again = await _store.ActivateAsync(second, "carol");

        Assert.Equal(two, again);
        Assert.Equal(two, await _store.GetActiveAsync());
        Assert.Equal(2, (await _store.GetHistoryAsync(10)).Count);
        Assert.Equal(first, (await _store.RollbackAsync("dave"))?.Revision);
    }

    [Fact]
    public async Task The_same_activation_or_rollback_delivered_twice_takes_effect_once()
    {
        // What a client that resends a command after a broken connection would do: the script runs twice with the same arguments.
        var first = await PutAsync();
        var second = await PutAsync();
        var third = await PutAsync();
        await _store.ActivateAsync(first, "alice");
        await _store.ActivateAsync(second, "bob");

        var rollback = await RunScriptTwiceAsync(Internal.ActivationScript.Mode.Rollback, first, "carol");
        Assert.Equal(first, await _store.GetActiveRevisionAsync());
        Assert.Equal(new ActivationRecord(first, rollback.ActivatedAt, "carol", second) { Sequence = rollback.Sequence }, rollback);

        var activation = await RunScriptTwiceAsync(Internal.ActivationScript.Mode.Activate, third, "dave");
        Assert.Equal(new ActivationRecord(third, activation.ActivatedAt, "dave", first) { Sequence = activation.Sequence }, activation);
        Assert.Equal(activation, await _store.GetActiveAsync());
        Assert.Equal([third, first, second, first], (await _store.GetHistoryAsync(10)).Select(h => h.Revision));
        Assert.Equal(first, (await _store.RollbackAsync("erin"))?.Revision);

        async Task<ActivationRecord> RunScriptTwiceAsync(Internal.ActivationScript.Mode mode, string revision, string by)
        {
            var keys = new Internal.RedisKeys(_options.KeyPrefix);
            var values = Internal.ActivationScript.Arguments(
                keys, mode, revision, Sha1(_bytes[revision]), by, Internal.ActivationRecordJson.FormatTime(DateTimeOffset.UtcNow), historyLimit: 100, requestId: Guid.NewGuid().ToString("N"));
            var replies = new List<ActivationRecord>();
            for (var i = 0; i < 2; i++)
            {
                var parts = (RedisResult[])(await RawDatabase().ScriptEvaluateAsync(Internal.ActivationScript.Source, Internal.ActivationScript.Keys(keys), values))!;
                Assert.Equal("ok", (string?)parts[0]);
                replies.Add(Internal.ActivationRecordJson.Parse(System.Text.Encoding.UTF8.GetBytes((string)parts[1]!)));
            }

            Assert.Equal(replies[0], replies[1]);
            return replies[0];
        }
    }

    [Fact]
    public async Task Rolling_back_to_a_revision_whose_bundle_was_deleted_is_refused()
    {
        var first = await PutAsync();
        var second = await PutAsync();
        await _store.ActivateAsync(first, "alice");
        await _store.ActivateAsync(second, "bob");
        await RawDatabase().KeyDeleteAsync(_options.KeyPrefix + "bundles:" + first);

        var refusal = await Assert.ThrowsAsync<RevisionNotStoredException>(() => _store.RollbackAsync("carol"));

        Assert.Equal(first, refusal.Revision);
        Assert.Equal(second, await _store.GetActiveRevisionAsync());
    }

    [Fact]
    public async Task Rolling_back_to_a_revision_whose_bundle_was_damaged_is_refused()
    {
        var first = await PutAsync();
        var second = await PutAsync();
        await _store.ActivateAsync(first, "alice");
        var active = await _store.ActivateAsync(second, "bob");
        await DamageAsync(first);

        var refusal = await Assert.ThrowsAsync<BundleDamagedException>(() => _store.RollbackAsync("carol"));

        Assert.Equal(first, refusal.Revision);
        Assert.Equal(active, await _store.GetActiveAsync());
        Assert.Equal(2, (await _store.GetHistoryAsync(10)).Count);
    }

    [Fact]
    public async Task The_history_keeps_only_the_configured_number_of_activations()
    {
        _options.HistoryLimit = 3;
        var revisions = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            revisions.Add(await PutAsync());
            await _store.ActivateAsync(revisions[^1], "alice");
        }

        var history = await _store.GetHistoryAsync(100);

        Assert.Equal(revisions.AsEnumerable().Reverse().Take(3), history.Select(h => h.Revision));
    }

    [Fact]
    public async Task Every_subscribed_instance_is_told_of_an_activation()
    {
        var instanceA = await ConnectAsync();
        var instanceB = await ConnectAsync();
        var heardByA = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var heardByB = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscriptionA = await instanceA.SubscribeAsync(() => { heardByA.TrySetResult(); return Task.CompletedTask; });
        await using var subscriptionB = await instanceB.SubscribeAsync(() => { heardByB.TrySetResult(); return Task.CompletedTask; });

        await _store.ActivateAsync(await PutAsync(), "alice");

        await Task.WhenAll(heardByA.Task, heardByB.Task).WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Announcements_that_arrive_while_a_subscriber_is_busy_fold_into_one_more_call()
    {
        var calls = 0;
        var firstCall = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = new Internal.ActivationSubscription(
            async () =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    firstCall.SetResult();
                    await release.Task; // a slow subscriber
                }
            },
            _ => { },
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        subscription.Post();
        await firstCall.Task.WaitAsync(TimeSpan.FromSeconds(20));
        for (var i = 0; i < 1000; i++)
        {
            subscription.Post(); // a burst of activations, or anyone publishing on the channel
        }

        release.SetResult();
        await subscription.DisposeAsync(); // returns once the queue is drained

        Assert.Equal(2, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task Anything_published_on_the_channel_is_only_a_hint_to_read_the_pointer()
    {
        var listener = await ConnectAsync();
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await listener.SubscribeAsync(() => { heard.TrySetResult(); return Task.CompletedTask; });
        var active = await _store.ActivateAsync(await PutAsync(), "alice");
        var notActivated = await PutAsync();

        // What an attacker with Redis access could send: a record in the old format naming a stored, never activated revision.
        var forged = $$"""{"revision":"{{notActivated}}","activatedAt":"2025-01-01T00:00:00.0000000Z","activatedBy":"mallory","sequence":9999999999999}""";
        var subscriber = RawDatabase().Multiplexer.GetSubscriber();
        await subscriber.PublishAsync(RedisChannel.Literal(_options.KeyPrefix + "activations"), forged);

        await heard.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(active, await listener.GetActiveAsync());
    }

    [Fact]
    public async Task A_disposed_subscription_hears_nothing_more()
    {
        var listener = await ConnectAsync();
        var heard = 0;
        var stillListening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = await listener.SubscribeAsync(() => { Interlocked.Increment(ref heard); return Task.CompletedTask; });
        await using var control = await listener.SubscribeAsync(() => { stillListening.TrySetResult(); return Task.CompletedTask; });
        await subscription.DisposeAsync();

        await _store.ActivateAsync(await PutAsync(), "alice");
        await stillListening.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(0, Volatile.Read(ref heard));
    }

    [Fact]
    public async Task Instances_report_what_they_serve_and_silent_ones_drop_out()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _options.InstanceStaleAfter = TimeSpan.FromMinutes(1);
        var store = await ConnectAsync(clock);
        var first = await PutAsync();
        var second = await PutAsync();

        await store.ReportLoadedAsync("web-1", first);
        clock.Advance(TimeSpan.FromSeconds(45));
        await store.ReportLoadedAsync("web-2", second);

        Assert.Equal(
            [new InstanceStatus("web-1", first, clock.GetUtcNow() - TimeSpan.FromSeconds(45)), new InstanceStatus("web-2", second, clock.GetUtcNow())],
            await store.GetInstancesAsync());

        clock.Advance(TimeSpan.FromSeconds(30));
        var later = await store.GetInstancesAsync();
        Assert.Equal(["web-2"], later.Select(i => i.InstanceId));

        await store.ReportLoadedAsync("web-1", second);
        Assert.Equal(["web-1", "web-2"], (await store.GetInstancesAsync()).Select(i => i.InstanceId));
    }

    [Fact]
    public async Task Keys_follow_the_documented_layout_under_the_prefix()
    {
        var revision = await PutAsync();
        var announcements = new List<string>();
        await RawDatabase().Multiplexer.GetSubscriber().SubscribeAsync(
            RedisChannel.Literal(_options.KeyPrefix + "activations"),
            (_, message) => { lock (announcements) { announcements.Add(message!); } });
        var activation = await _store.ActivateAsync(revision, "alice");
        await _store.ReportLoadedAsync("web-1", revision);
        var db = RawDatabase();
        var prefix = _options.KeyPrefix;

        // A bundle is an IDistributedCache entry (RedisCache): a hash whose `data` field holds the bytes, with no expiry.
        var bundleKey = prefix + "bundles:" + revision;
        Assert.Equal(RedisType.Hash, await db.KeyTypeAsync(bundleKey));
        Assert.Equal(_bytes[revision], (byte[]?)await db.HashGetAsync(bundleKey, "data"));
        Assert.Equal(["absexp", "data", "sldexp"], (await db.HashKeysAsync(bundleKey)).Select(k => (string)k!).Order());
        Assert.Equal("-1", (string?)await db.HashGetAsync(bundleKey, "absexp"));
        Assert.Equal("-1", (string?)await db.HashGetAsync(bundleKey, "sldexp"));
        Assert.Null(await db.KeyTimeToLiveAsync(bundleKey));

        Assert.Equal(RedisType.Hash, await db.KeyTypeAsync(prefix + "active"));
        Assert.Equal(
            ["activatedAt", "activatedBy", "request", "revision", "sequence"],
            (await db.HashKeysAsync(prefix + "active")).Select(k => (string)k!).Order());
        Assert.Equal(revision, (string?)await db.HashGetAsync(prefix + "active", "revision"));
        Assert.Equal(RedisType.List, await db.KeyTypeAsync(prefix + "history"));
        Assert.Equal(RedisType.Hash, await db.KeyTypeAsync(prefix + "instances"));
        Assert.Contains(revision, (string?)await db.HashGetAsync(prefix + "instances", "web-1"));

        // The announcement is the sequence number and nothing else.
        await Poll.UntilAsync(() => { lock (announcements) { return announcements.Count == 1; } }, "the activation is announced", TimeSpan.FromSeconds(20));
        Assert.Equal(activation.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), announcements[0]);
    }

    private static string Sha1(byte[] bytes) => Convert.ToHexStringLower(SHA1.HashData(bytes));

    private async Task<string> PutAsync()
    {
        var (revision, bytes) = Bundles.Random();
        Assert.True(await _store.PutBundleAsync(revision, bytes));
        _bytes[revision] = bytes;
        return revision;
    }

    // One byte changed in place, around the store (as a fault or an attacker with Redis access would).
    private async Task DamageAsync(string revision)
    {
        var damaged = (byte[])_bytes[revision].Clone();
        damaged[17] ^= 0xFF;
        await RawDatabase().HashSetAsync(_options.KeyPrefix + "bundles:" + revision, "data", damaged);
    }

    private async Task<RedisPolicyStore> ConnectAsync(TimeProvider? clock = null)
    {
        var store = await RedisPolicyStore.ConnectAsync(_options, timeProvider: clock);
        _stores.Add(store);
        return store;
    }

    private IDatabase RawDatabase()
    {
        _raw ??= ConnectionMultiplexer.Connect(_redis.Server.ConnectionString);
        return _raw.GetDatabase();
    }
}
