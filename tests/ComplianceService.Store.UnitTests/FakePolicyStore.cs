using System.Collections.Concurrent;

namespace ComplianceService.Store.UnitTests;

/// <summary>
/// An in-memory <see cref="IPolicyStore"/> for driving <see cref="PolicyDistributor"/> on a fake clock: it can be made
/// unreachable, its active pointer is set by the test, and it records when (on the clock) the pointer was read and
/// reports were made.
/// </summary>
internal sealed class FakePolicyStore(TimeProvider clock) : IPolicyStore
{
    private readonly ConcurrentDictionary<string, byte[]> _bundles = new();
    private readonly ConcurrentQueue<DateTimeOffset> _reads = new();
    private readonly ConcurrentQueue<(DateTimeOffset At, string Revision)> _reports = new();
    private readonly SemaphoreSlim _readSignal = new(0);
    private readonly TaskCompletionSource _reportHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Func<Task>? _onAnnounced;
    private TaskCompletionSource? _heldReport;

    public event EventHandler<StoreConnectionChangedEventArgs>? ConnectionChanged
    {
        add { }
        remove { }
    }

    private volatile bool _reachable = true;

    public bool Reachable
    {
        get => _reachable;
        set => _reachable = value;
    }

    public ActivationRecord? Active { get; set; }

    public bool IsConnected => Reachable;

    /// <summary>When the active pointer was read (or a read was tried while unreachable).</summary>
    public IReadOnlyCollection<DateTimeOffset> Reads => _reads;

    public IReadOnlyCollection<(DateTimeOffset At, string Revision)> Reports => _reports;

    public ActivationRecord Put(byte[] bytes, long sequence, string by = "alice")
    {
        var revision = BundleRevision.Compute(bytes);
        _bundles[revision] = bytes;
        return new ActivationRecord(revision, clock.GetUtcNow(), by, Active?.Revision) { Sequence = sequence };
    }

    /// <summary>Waits (in real time, with a deadline) until the pointer has been read <paramref name="count"/> times in all.</summary>
    public async Task ReadsReachAsync(int count)
    {
        while (_reads.Count < count)
        {
            Assert.True(await _readSignal.WaitAsync(TimeSpan.FromSeconds(10)), $"the active pointer was read {_reads.Count} times, not {count}");
        }
    }

    /// <summary>Announces an activation the way the channel would: a hint and nothing else.</summary>
    public Task AnnounceAsync() => _onAnnounced?.Invoke() ?? Task.CompletedTask;

    public Task<bool> PutBundleAsync(string revision, ReadOnlyMemory<byte> bundle) => throw new NotSupportedException();

    public Task<byte[]?> GetBundleAsync(string revision)
    {
        ThrowIfUnreachable();
        return Task.FromResult(_bundles.GetValueOrDefault(revision));
    }

    /// <summary>Bundle signatures by revision, as a signing publisher would have stored them.</summary>
    public ConcurrentDictionary<string, string> Signatures { get; } = new();

    public Task<string?> GetBundleSignatureAsync(string revision)
    {
        ThrowIfUnreachable();
        return Task.FromResult(Signatures.GetValueOrDefault(revision));
    }

    public Task<string?> GetActiveRevisionAsync() => throw new NotSupportedException();

    public Task<ActivationRecord?> GetActiveAsync()
    {
        _reads.Enqueue(clock.GetUtcNow());
        _readSignal.Release();
        ThrowIfUnreachable();
        return Task.FromResult(Active);
    }

    public Task<ActivationRecord> ActivateAsync(string revision, string activatedBy) => throw new NotSupportedException();

    public Task<ActivationRecord?> RollbackAsync(string activatedBy) => throw new NotSupportedException();

    public Task<IReadOnlyList<ActivationRecord>> GetHistoryAsync(int max) => throw new NotSupportedException();

    public Task<IAsyncDisposable> SubscribeAsync(Func<Task> onAnnounced)
    {
        ThrowIfUnreachable();
        _onAnnounced = onAnnounced;
        return Task.FromResult<IAsyncDisposable>(new Unsubscribe(this));
    }

    /// <summary>The next report waits until the test completes what this returns (or fails it, as a closing client would).</summary>
    public TaskCompletionSource HoldNextReport()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _heldReport = hold;
        return hold;
    }

    /// <summary>Completed when a held report has started.</summary>
    public Task ReportHeld => _reportHeld.Task;

    public async Task ReportLoadedAsync(string instanceId, string revision)
    {
        ThrowIfUnreachable();
        if (Interlocked.Exchange(ref _heldReport, null) is { } hold)
        {
            _reportHeld.TrySetResult();
            await hold.Task;
        }

        _reports.Enqueue((clock.GetUtcNow(), revision));
    }

    public Task<IReadOnlyList<InstanceStatus>> GetInstancesAsync() => throw new NotSupportedException();

    private void ThrowIfUnreachable()
    {
        if (!Reachable)
        {
            throw new PolicyStoreUnavailableException("The fake store is unreachable.");
        }
    }

    private sealed class Unsubscribe(FakePolicyStore store) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            store._onAnnounced = null;
            return ValueTask.CompletedTask;
        }
    }
}
