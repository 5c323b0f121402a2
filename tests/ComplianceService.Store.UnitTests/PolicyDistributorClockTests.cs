using System.Security.Cryptography;
using ComplianceService.Testing.Logging;

namespace ComplianceService.Store.UnitTests;

/// <summary>
/// The distributor's waits on a fake clock (<see cref="WatchedClock"/>) against an in-memory store: the reconnection
/// backoff, the heartbeat, announcements as hints, and never stepping back to an older activation. No Redis, no sleeping.
/// </summary>
public sealed class PolicyDistributorClockTests : IAsyncLifetime
{
    private static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    private readonly string _directory = Directory.CreateTempSubdirectory("compliance-clock-").FullName;
    private readonly WatchedClock _clock = new();
    private readonly FakePolicyStore _store;
    private readonly RecordingLogger<PolicyDistributor> _logs = new();
    private readonly List<ActivationRecord> _served = [];
    private PolicyDistributor? _distributor;

    public PolicyDistributorClockTests() => _store = new FakePolicyStore(_clock);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_distributor is not null)
        {
            await _distributor.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task While_the_store_is_unreachable_probes_back_off_from_the_minimum_doubling_to_the_cap_then_the_heartbeat_resumes()
    {
        _store.Reachable = false;
        var distributor = await StartAsync();
        Assert.Null(distributor.Current);
        Assert.Single(_store.Reads);
        var start = _clock.GetUtcNow();

        var elapsed = TimeSpan.Zero;
        var reads = 1;
        foreach (var expected in new[] { 250, 500, 1000, 2000, 2000 }.Select(ms => TimeSpan.FromMilliseconds(ms)))
        {
            Assert.Equal(expected, await _clock.NextWaitAsync());
            elapsed += expected;
            await ProbeAtAsync(start + elapsed, ++reads);
        }

        // The store answers again: the next probe reconnects, applies the active revision, and the heartbeat takes over.
        var bytes = RandomNumberGenerator.GetBytes(512);
        _store.Reachable = true;
        _store.Active = _store.Put(bytes, sequence: 7);
        Assert.Equal(MaxBackoff, await _clock.NextWaitAsync());
        elapsed += MaxBackoff;
        await ProbeAtAsync(start + elapsed, ++reads);
        Assert.Equal(Heartbeat, await _clock.NextWaitAsync());

        Assert.Equal(_store.Active, distributor.Current);
        Assert.True(distributor.IsStoreConnected);
        Assert.Equal(1, _logs.Count("StoreUnavailableAtStartup"));
        Assert.Equal(1, _logs.Count("Reconnected"));
        Assert.Equal(5, _logs.Count("ReconnectAttemptFailed")); // one debug line per failed probe, none at start-up
        Assert.Empty(_logs.WithException());
    }

    [Fact]
    public async Task The_heartbeat_rereads_the_pointer_and_reports_once_per_interval_on_the_clock_and_an_announcement_reads_at_once()
    {
        _store.Active = _store.Put(RandomNumberGenerator.GetBytes(512), sequence: 1);
        var distributor = await StartAsync();
        Assert.Equal(_store.Active, distributor.Current);
        var start = _clock.GetUtcNow();
        Assert.Equal([(start, _store.Active.Revision)], _store.Reports);

        for (var beat = 1; beat <= 3; beat++)
        {
            Assert.Equal(Heartbeat, await _clock.NextWaitAsync());
            await ProbeAtAsync(start + (Heartbeat * beat), beat + 1);
            Assert.Equal(beat + 1, _store.Reports.Count);
            Assert.Equal(start + (Heartbeat * beat), _store.Reports.Last().At);
        }

        // An announcement: the pointer is read at once, without the clock moving, and the new activation applied.
        Assert.Equal(Heartbeat, await _clock.NextWaitAsync());
        var now = _clock.GetUtcNow();
        var next = _store.Put(RandomNumberGenerator.GetBytes(512), sequence: 2, by: "bob");
        _store.Active = next;
        await _store.AnnounceAsync();
        await _store.ReadsReachAsync(5);
        Assert.Equal(now, _store.Reads.Last());
        Assert.Equal(Heartbeat, await _clock.NextWaitAsync());
        Assert.Equal(next, distributor.Current);
        Assert.Equal([1L, 2L], Served().Select(a => a.Sequence));
    }

    [Fact]
    public async Task An_active_pointer_that_goes_back_to_an_older_activation_is_not_followed()
    {
        _store.Active = _store.Put(RandomNumberGenerator.GetBytes(512), sequence: 5);
        var distributor = await StartAsync();
        var serving = _store.Active;
        Assert.Equal(Heartbeat, await _clock.NextWaitAsync());

        // The pointer names another revision with a lower number (a hand edit, a Redis restored from an old copy).
        _store.Active = _store.Put(RandomNumberGenerator.GetBytes(512), sequence: 3, by: "mallory");
        await _store.AnnounceAsync();
        await _store.ReadsReachAsync(2);
        Assert.Equal(Heartbeat, await _clock.NextWaitAsync());
        await _store.AnnounceAsync();
        await _store.ReadsReachAsync(3);
        Assert.Equal(Heartbeat, await _clock.NextWaitAsync());

        Assert.Equal(serving, distributor.Current);
        Assert.Equal([serving], Served());
        Assert.Equal(1, _logs.Count("OlderActivationIgnored"));

        // A newer activation is followed again.
        var newer = _store.Put(RandomNumberGenerator.GetBytes(512), sequence: 6, by: "bob");
        _store.Active = newer;
        await _store.AnnounceAsync();
        await _store.ReadsReachAsync(4);
        Assert.Equal(Heartbeat, await _clock.NextWaitAsync());
        Assert.Equal(newer, distributor.Current);
    }

    [Fact]
    public async Task Stopping_while_the_store_closes_under_an_operation_ends_quietly_and_keeps_the_revision_served()
    {
        var distributor = await StartAsync();
        var hold = _store.HoldNextReport();
        var active = _store.Active = _store.Put(RandomNumberGenerator.GetBytes(512), sequence: 3);
        await _store.AnnounceAsync();
        await _store.ReportHeld.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(active, distributor.Current);

        // The host stops; meanwhile the store's client is closed under the report the loop is making.
        var stopping = distributor.StopAsync(CancellationToken.None);
        Assert.False(stopping.IsCompleted);
        hold.SetException(new ObjectDisposedException("the store's connection"));

        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(active, distributor.Current);
        Assert.Empty(_logs.WithException());
    }

    private IReadOnlyList<ActivationRecord> Served()
    {
        lock (_served)
        {
            return [.. _served];
        }
    }

    // Moves the clock to just before `due` (no probe may happen), then onto it; the probe must happen exactly then.
    private async Task ProbeAtAsync(DateTimeOffset due, int reads)
    {
        _clock.Advance(due - _clock.GetUtcNow() - Tick);
        Assert.Equal(reads - 1, _store.Reads.Count);
        _clock.Advance(Tick);
        await _store.ReadsReachAsync(reads);
        Assert.Equal(due, _store.Reads.Last());
    }

    private async Task<PolicyDistributor> StartAsync()
    {
        var options = new PolicyStoreOptions
        {
            InstanceId = "web-1",
            SnapshotPath = Path.Combine(_directory, "last-good.bin"),
            ReconnectMinBackoff = MinBackoff,
            ReconnectMaxBackoff = MaxBackoff,
            HeartbeatInterval = Heartbeat,
        };
        _distributor = new PolicyDistributor(_store, options, Engine, _logs, timeProvider: _clock);
        await _distributor.StartAsync(CancellationToken.None);
        return _distributor;
    }

    private bool Engine(ActivationRecord activation, VerifiedBundle bundle, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? refusal)
    {
        lock (_served)
        {
            _served.Add(activation);
        }

        refusal = null;
        return true;
    }
}
