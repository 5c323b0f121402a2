using System.Diagnostics.Metrics;
using ComplianceService.Store.Internal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplianceService.Store;

/// <summary>
/// Keeps this server instance serving the active policy revision: loads it at start-up (from the store, or from the
/// last good snapshot on disk when the store is unreachable), applies every activation published afterwards, and
/// rides out store outages without disturbing the engine.
/// </summary>
/// <remarks>
/// <para>Every bundle is verified (its SHA-256 must equal the revision) and then handed to the <see cref="BundleActivator"/>;
/// a bundle that fails either is refused, logged and counted, and the current revision keeps serving.
/// Activations are applied one at a time. When the active revision's bundle was missing or damaged, each heartbeat
/// fetches it again (quietly), so putting the good bytes back is enough; a bundle the engine refused is not retried
/// by the heartbeat, since its verified bytes cannot change.</para>
/// <para>While the store is unreachable nothing is thrown to anyone: the distributor probes it in the background with
/// exponential backoff (<see cref="PolicyStoreOptions.ReconnectMinBackoff"/> doubling up to
/// <see cref="PolicyStoreOptions.ReconnectMaxBackoff"/>). After reconnecting it re-reads the active pointer, since an
/// activation may have been published while it could not hear. Every <see cref="PolicyStoreOptions.HeartbeatInterval"/>
/// it reports its revision (<see cref="IPolicyStore.ReportLoadedAsync"/>) and re-checks the active pointer.</para>
/// <para>Metrics on the <see cref="PolicyStoreMetrics.MeterName"/> meter, tagged with the instance id.</para>
/// </remarks>
public sealed class PolicyDistributor : IHostedService, IAsyncDisposable
{
    private const string FromStore = "store";
    private const string FromSnapshot = "last good snapshot";

    private readonly IPolicyStore _store;
    private readonly PolicyStoreOptions _options;
    private readonly LastGoodSnapshot _snapshot;
    private readonly BundleActivator _tryActivate;
    private readonly ILogger _logger;
    private readonly StoreMetrics _metrics;
    private readonly SemaphoreSlim _applyLock = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly Lock _stateLock = new();
    private readonly CancellationTokenSource _stopping = new();

    private volatile ActivationRecord? _current;
    private volatile bool _connected;
    private string? _lastRefused;
    private bool _lastRefusedWasVerified;
    private IAsyncDisposable? _subscription;
    private Task? _loop;
    private int _started;

    /// <summary>Creates a distributor; nothing happens until <see cref="StartAsync"/>.</summary>
    /// <param name="store">The shared store (not owned: the distributor does not dispose it).</param>
    /// <param name="options">Instance id, snapshot path, backoff and heartbeat settings.</param>
    /// <param name="tryActivate">The engine side: builds and swaps in a snapshot, or refuses the bundle.</param>
    /// <param name="logger">Logger; none by default.</param>
    /// <param name="meterFactory">Meter factory (from DI); a private meter by default.</param>
    public PolicyDistributor(
        IPolicyStore store,
        PolicyStoreOptions options,
        BundleActivator tryActivate,
        ILogger<PolicyDistributor>? logger = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tryActivate);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.InstanceId);
        _store = store;
        _options = options;
        _snapshot = new LastGoodSnapshot(options.SnapshotPath);
        _tryActivate = tryActivate;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _metrics = new StoreMetrics(meterFactory, options.InstanceId, () => _connected);
    }

    /// <summary>The activation being served, or <see langword="null"/> while there is nothing to serve.</summary>
    public ActivationRecord? Current => _current;

    /// <summary>Whether the distributor currently reaches the store (it serves from memory either way).</summary>
    public bool IsStoreConnected => _connected;

    /// <summary>This instance's id in the store.</summary>
    public string InstanceId => _options.InstanceId;

    /// <summary>
    /// Loads the active revision (from the store, else the last good snapshot), subscribes to activations and starts
    /// the background heartbeat and reconnection loop. Never throws because the store is unreachable; when there is
    /// nothing at all to serve, <see cref="Current"/> stays <see langword="null"/> until an activation arrives.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The policy distributor was already started.");
        }

        _store.ConnectionChanged += OnConnectionChanged;

        // Listen before reading the pointer, so an activation between the two is not lost.
        await TrySubscribeAsync().ConfigureAwait(false);

        var serving = false;
        try
        {
            var active = await _store.GetActiveAsync().ConfigureAwait(false);
            _connected = true;
            if (active is not null)
            {
                serving = await ApplyAsync(active, retryRefused: true).ConfigureAwait(false);
            }
        }
        catch (PolicyStoreException ex)
        {
            _connected = false;
            _logger.StoreUnavailableAtStartup(_snapshot.Path, ex);
        }

        if (!serving)
        {
            serving = await LoadSnapshotAsync(cancellationToken).ConfigureAwait(false);
        }

        if (!serving)
        {
            _logger.NothingToServe();
        }

        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
    }

    /// <summary>Stops the background loop and the subscription; the last revision stays with the engine.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _store.ConnectionChanged -= OnConnectionChanged;
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var subscription = Interlocked.Exchange(ref _subscription, null);
        if (subscription is not null)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops (if running) and releases the meter.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _metrics.Dispose();
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var attempt = 0;
        while (!stopping.IsCancellationRequested)
        {
            var delay = _connected ? _options.HeartbeatInterval : Backoff(attempt);
            try
            {
                await _wake.WaitAsync(delay, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            try
            {
                var active = await _store.GetActiveAsync().ConfigureAwait(false);
                if (MarkConnected())
                {
                    _logger.Reconnected(attempt + 1, active?.Revision ?? "(none)");
                    attempt = 0;
                    if (_subscription is null)
                    {
                        await TrySubscribeAsync().ConfigureAwait(false);
                    }
                }

                // Catches activations published while disconnected, any message the channel dropped,
                // and the active revision's bundle put back after it was found missing or damaged.
                if (active is not null && active.Revision != _current?.Revision)
                {
                    await ApplyAsync(active, retryRefused: false).ConfigureAwait(false);
                }

                var current = _current;
                if (current is not null)
                {
                    await _store.ReportLoadedAsync(_options.InstanceId, current.Revision).ConfigureAwait(false);
                }
            }
            catch (PolicyStoreException ex)
            {
                if (MarkDisconnected(ex))
                {
                    attempt = 0;
                }
                else
                {
                    attempt++;
                    _logger.ReconnectAttemptFailed(attempt, Backoff(attempt));
                }
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                // Never let the loop die: the next tick tries again.
                _logger.LoopFailed(ex);
            }
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var min = _options.ReconnectMinBackoff;
        var max = _options.ReconnectMaxBackoff;
        var factor = Math.Pow(2, Math.Min(attempt, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(min.Ticks * factor, max.Ticks));
        return delay < min ? min : delay;
    }

    private bool MarkConnected()
    {
        lock (_stateLock)
        {
            if (_connected)
            {
                return false;
            }

            _connected = true;
        }

        _metrics.Reconnected();
        return true;
    }

    private bool MarkDisconnected(Exception? reason)
    {
        lock (_stateLock)
        {
            if (!_connected)
            {
                return false;
            }

            _connected = false;
        }

        _logger.ConnectionLost(_current?.Revision ?? "(nothing)", reason);
        return true;
    }

    private void OnConnectionChanged(object? sender, StoreConnectionChangedEventArgs e)
    {
        // Wake the loop to probe at once when the client says it is back, or to start the backoff when it is lost;
        // repeated failure events during an outage do not wake it, so the backoff holds.
        if (e.IsConnected || MarkDisconnected(null))
        {
            _wake.Release();
        }
    }

    private async Task TrySubscribeAsync()
    {
        try
        {
            _subscription = await _store.SubscribeAsync(OnActivatedAsync).ConfigureAwait(false);
        }
        catch (PolicyStoreException ex)
        {
            // The loop subscribes again once the store answers.
            MarkDisconnected(ex);
        }
    }

    private async Task OnActivatedAsync(ActivationRecord activation)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        try
        {
            // An explicit activation retries a revision refused before: its bundle may have been put again.
            await ApplyAsync(activation, retryRefused: true).ConfigureAwait(false);
        }
        catch (PolicyStoreException ex)
        {
            // The bundle could not be fetched; the loop re-reads the active pointer after reconnecting.
            if (MarkDisconnected(ex))
            {
                _wake.Release();
            }
        }
    }

    /// <summary>Fetches, verifies and hands a bundle to the engine. Throws <see cref="PolicyStoreException"/> when the store is unreachable.</summary>
    private async Task<bool> ApplyAsync(ActivationRecord activation, bool retryRefused)
    {
        await _applyLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (activation.Revision == _current?.Revision)
            {
                return true;
            }

            // A heartbeat retry of the same refusal is not news: it is logged at debug level and not counted again.
            var retry = !retryRefused && activation.Revision == _lastRefused;
            if (retry && _lastRefusedWasVerified)
            {
                return false;
            }

            var bundle = await _store.GetBundleAsync(activation.Revision).ConfigureAwait(false);
            if (bundle is null)
            {
                return Refuse(activation, "its bundle is not in the store", verified: false, retry, null);
            }

            if (!BundleRevision.Matches(activation.Revision, bundle))
            {
                return Refuse(activation, "its bytes do not hash to the revision", verified: false, retry, null);
            }

            if (!HandToEngine(activation, bundle, FromStore))
            {
                return false;
            }

            try
            {
                await _snapshot.WriteAsync(activation, bundle).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _logger.SnapshotWriteFailed(_snapshot.Path, ex);
            }

            await ReportAsync(activation.Revision).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _applyLock.Release();
        }
    }

    private async Task<bool> LoadSnapshotAsync(CancellationToken cancellationToken)
    {
        StoredBundle? snapshot;
        try
        {
            snapshot = await _snapshot.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            _logger.SnapshotRefused(_snapshot.Path, ex);
            return false;
        }

        if (snapshot is null)
        {
            _logger.NoSnapshot(_snapshot.Path);
            return false;
        }

        await _applyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // An activation from the channel may have won the race; it is newer than the disk.
            if (_current is not null)
            {
                return true;
            }

            return HandToEngine(snapshot.Activation, snapshot.Bundle, FromSnapshot);
        }
        finally
        {
            _applyLock.Release();
        }
    }

    private bool HandToEngine(ActivationRecord activation, ReadOnlyMemory<byte> bundle, string source)
    {
        bool accepted;
        Exception? failure = null;
        try
        {
            accepted = _tryActivate(activation, bundle);
        }
        catch (Exception ex)
        {
            accepted = false;
            failure = ex;
        }

        if (!accepted)
        {
            return Refuse(activation, "the engine refused it", verified: true, retry: false, failure);
        }

        _current = activation;
        _lastRefused = null;
        _metrics.Activated();
        _logger.RevisionActivated(activation.Revision, activation.ActivatedBy, activation.ActivatedAt, source);
        return true;
    }

    // verified: the bytes hash to the revision (the engine refused them), so the same revision can never load.
    private bool Refuse(ActivationRecord activation, string reason, bool verified, bool retry, Exception? exception)
    {
        _lastRefused = activation.Revision;
        _lastRefusedWasVerified = verified;
        if (retry)
        {
            _logger.BundleStillRefused(activation.Revision, reason);
            return false;
        }

        _metrics.Refused();
        _logger.BundleRefused(activation.Revision, reason, _current?.Revision ?? "(nothing)", exception);
        return false;
    }

    private async Task ReportAsync(string revision)
    {
        if (!_connected)
        {
            return;
        }

        try
        {
            await _store.ReportLoadedAsync(_options.InstanceId, revision).ConfigureAwait(false);
        }
        catch (PolicyStoreException ex)
        {
            _logger.ReportFailed(revision, ex);
        }
    }
}
