using System.Diagnostics.Metrics;
using System.Threading.Channels;
using ComplianceService.Engine;
using ComplianceService.Store.Internal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplianceService.Store;

/// <summary>
/// Keeps this server instance serving the active policy revision: loads it at start-up (from the store, or from the
/// last good snapshot on disk when the store is unreachable), follows the active pointer afterwards, and rides out store
/// outages without disturbing the engine.
/// </summary>
/// <remarks>
/// <para>The active pointer (<see cref="IPolicyStore.GetActiveAsync"/>) is the only authority. An announcement on the channel
/// is a hint to read it now rather than at the next heartbeat; what an announcement says is never acted on, so a message
/// published by hand changes nothing. One background loop does every read and every apply, one at a time.</para>
/// <para>An activation is applied only if it is newer than the one served (<see cref="ActivationRecord.Sequence"/>): a server
/// never steps back to an older activation, whatever order reads and announcements come in.</para>
/// <para>Every bundle is verified once (its SHA-256 must equal the revision, <see cref="VerifiedBundle"/>) and then handed to
/// the <see cref="BundleActivator"/>, the host's sink; neither it nor the last good snapshot hashes it again. A bundle that fails
/// either is refused, logged once (with the sink's reason) and counted, and the current revision keeps serving; an accepted one
/// is logged once, here.
/// When the active revision's bundle was missing or damaged, each heartbeat fetches it again (quietly), so putting the good
/// bytes back is enough; a bundle the engine refused is not retried for the same activation, since its verified bytes
/// cannot change.</para>
/// <para>While the store is unreachable nothing is thrown to anyone: the distributor probes it in the background with
/// exponential backoff (<see cref="PolicyStoreOptions.ReconnectMinBackoff"/> doubling up to
/// <see cref="PolicyStoreOptions.ReconnectMaxBackoff"/>). After reconnecting it re-reads the active pointer, since an
/// activation may have been published while it could not hear. Every <see cref="PolicyStoreOptions.HeartbeatInterval"/>
/// it reports its revision (<see cref="IPolicyStore.ReportLoadedAsync"/>) and re-checks the active pointer.</para>
/// <para>With a <see cref="PolicySignatureVerifier"/> (signed policy), an activation is applied only when its signature and its
/// bundle's signature verify under a trusted key (<see cref="PolicySignature"/>), and a last good snapshot is served at a cold
/// start only when the signatures it keeps verify again; a refusal is logged and counted like any refused bundle.</para>
/// <para>Waits (heartbeat, backoff) are measured on the given <see cref="TimeProvider"/>, so a test can drive them with a fake clock.</para>
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
    private readonly TimeProvider _time;
    private readonly PolicySignatureVerifier? _verifier;

    // Set when the loop should read the active pointer now: an announcement, or the connection coming back. Holds at most
    // one signal, so a burst of announcements costs one read.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly Lock _stateLock = new();
    private readonly CancellationTokenSource _stopping = new();

    private volatile ActivationRecord? _current;
    private volatile bool _connected;
    private ActivationRecord? _lastRefused;
    private bool _lastRefusedWasVerified;
    private ActivationRecord? _lastIgnored;
    private bool _reportNotPermitted;
    private IAsyncDisposable? _subscription;
    private Task? _loop;
    private int _started;

    /// <summary>Creates a distributor; nothing happens until <see cref="StartAsync"/>.</summary>
    /// <param name="store">The shared store (not owned: the distributor does not dispose it).</param>
    /// <param name="options">Instance id, snapshot path, backoff and heartbeat settings.</param>
    /// <param name="tryActivate">The engine side: builds and swaps in a snapshot, or refuses the bundle.</param>
    /// <param name="logger">Logger; none by default.</param>
    /// <param name="meterFactory">Meter factory (from DI); a private meter by default.</param>
    /// <param name="timeProvider">The clock of the heartbeat and the backoff; the system clock by default.</param>
    /// <param name="verifier">When given, only activations and bundles signed by one of its keys are served, from the store and
    /// from the last good snapshot alike (<c>Compliance:Security:PolicySigningKeys</c>); not owned. None: signatures are not checked.</param>
    public PolicyDistributor(
        IPolicyStore store,
        PolicyStoreOptions options,
        BundleActivator tryActivate,
        ILogger<PolicyDistributor>? logger = null,
        IMeterFactory? meterFactory = null,
        TimeProvider? timeProvider = null,
        PolicySignatureVerifier? verifier = null)
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
        _time = timeProvider ?? TimeProvider.System;
        _verifier = verifier;
    }

    /// <summary>The activation being served, or <see langword="null"/> while there is nothing to serve.</summary>
    public ActivationRecord? Current => _current;

    /// <summary>Whether the distributor currently reaches the store (it serves from memory either way).</summary>
    public bool IsStoreConnected => _connected;

    /// <summary>This instance's id in the store.</summary>
    public string InstanceId => _options.InstanceId;

    /// <summary>
    /// Loads the active revision (from the store, else the last good snapshot), subscribes to announcements and starts
    /// the background loop (heartbeat, reconnection, following the active pointer). Never throws because the store is
    /// unreachable; when there is nothing at all to serve, <see cref="Current"/> stays <see langword="null"/> until an
    /// activation arrives.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The policy distributor was already started.");
        }

        _store.ConnectionChanged += OnConnectionChanged;

        // Listen before reading the pointer, so an activation between the two is not missed: its announcement
        // leaves a wake-up for the loop, which reads the pointer again.
        await TrySubscribeAsync().ConfigureAwait(false);

        var serving = false;
        try
        {
            var active = await _store.GetActiveAsync().ConfigureAwait(false);
            _connected = true;
            if (active is not null)
            {
                serving = await ApplyAsync(active).ConfigureAwait(false);
            }
        }
        catch (PolicyStoreException ex)
        {
            _connected = false;
            _logger.StoreUnavailableAtStartup(ex.Message, _snapshot.Path);
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
            // The loop ends at its next await; whatever it was doing when asked to stop (a report to a store that is
            // closing, say) no longer matters, and the revision served stays with the engine.
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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

    // The one place that reads the active pointer after start-up and applies what it names.
    private async Task RunAsync(CancellationToken stopping)
    {
        var attempt = 0;
        while (await WaitAsync(_connected ? _options.HeartbeatInterval : Backoff(attempt), stopping).ConfigureAwait(false))
        {
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

                // Catches announced activations, activations made while disconnected or whose announcement was lost,
                // and the active revision's bundle put back after it was found missing or damaged.
                if (active is not null)
                {
                    await ApplyAsync(active).ConfigureAwait(false);
                }

                var current = _current;
                if (current is not null)
                {
                    await HeartbeatReportAsync(current.Revision).ConfigureAwait(false);
                }
            }
            catch (PolicyStoreException ex)
            {
                if (MarkDisconnected(ex.Message))
                {
                    attempt = 0;
                }
                else
                {
                    attempt++;
                    _logger.ReconnectAttemptFailed(attempt, Backoff(attempt));
                }
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                // Stopping: the store may already be closing under an operation that was under way.
                break;
            }
            catch (Exception ex)
            {
                // Never let the loop die: the next tick tries again.
                _logger.LoopFailed(ex);
            }
        }
    }

    /// <summary>Waits until <paramref name="delay"/> has passed on the clock or the loop is woken; false once stopping.</summary>
    private async Task<bool> WaitAsync(TimeSpan delay, CancellationToken stopping)
    {
        using var timer = new CancellationTokenSource(delay, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stopping, timer.Token);
        try
        {
            if (await _wake.Reader.WaitToReadAsync(either.Token).ConfigureAwait(false))
            {
                _wake.Reader.TryRead(out _);
            }
        }
        catch (OperationCanceledException)
        {
            // The delay is over, or the distributor is stopping.
        }

        return !stopping.IsCancellationRequested;
    }

    private void Wake() => _wake.Writer.TryWrite(true);

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

    private bool MarkDisconnected(string reason)
    {
        lock (_stateLock)
        {
            if (!_connected)
            {
                return false;
            }

            _connected = false;
        }

        _logger.ConnectionLost(reason, _current?.Revision ?? "(nothing)");
        return true;
    }

    private void OnConnectionChanged(object? sender, StoreConnectionChangedEventArgs e)
    {
        // Wake the loop to probe at once when the client says it is back, or to start the backoff when it is lost;
        // repeated failure events during an outage do not wake it, so the backoff holds.
        if (e.IsConnected || MarkDisconnected("the client reported the connection failed"))
        {
            Wake();
        }
    }

    private async Task TrySubscribeAsync()
    {
        try
        {
            _subscription = await _store.SubscribeAsync(OnAnnouncedAsync).ConfigureAwait(false);
        }
        catch (PolicyStoreException ex)
        {
            // The loop subscribes again once the store answers.
            MarkDisconnected(ex.Message);
        }
    }

    // An announcement says nothing worth believing; it only makes the loop read the active pointer now.
    private Task OnAnnouncedAsync()
    {
        Wake();
        return Task.CompletedTask;
    }

    // Whether the pointer's activation should replace the one served. Unnumbered activations (a pointer written by hand or by
    // an older version, a snapshot from before sequence numbers) cannot be ordered: only a change of revision counts.
    private static bool IsNewer(ActivationRecord candidate, ActivationRecord current) =>
        candidate.Sequence == 0 || current.Sequence == 0
            ? candidate.Revision != current.Revision
            : candidate.Sequence > current.Sequence;

    /// <summary>
    /// Applies the pointer's activation if it is newer than the one served: fetches, verifies and hands the bundle to the engine.
    /// Returns whether the instance serves it afterwards. Throws <see cref="PolicyStoreException"/> when the store is unreachable.
    /// </summary>
    private async Task<bool> ApplyAsync(ActivationRecord activation)
    {
        var current = _current;
        if (current is not null && !IsNewer(activation, current))
        {
            if (activation.Sequence < current.Sequence && activation.Revision != current.Revision && activation != _lastIgnored)
            {
                // Only the pointer itself going back (an edit by hand, a Redis restored from an old copy) gets here.
                _lastIgnored = activation;
                _logger.OlderActivationIgnored(activation.Revision, activation.Sequence, current.Revision, current.Sequence);
            }

            return activation.Revision == current.Revision;
        }

        // The same activation refused again is not news: logged at debug level and not counted again. A new activation
        // of the same revision is tried and reported afresh (its bundle may have been put again).
        var retry = activation == _lastRefused;
        if (retry && _lastRefusedWasVerified)
        {
            return false;
        }

        // The activation's signature cannot change for the same record (it is part of it): refused for good, like the engine's
        // refusal. A bundle signature can still be stored (publish again), so its refusal is retried quietly.
        string? bundleSignature = null;
        if (_verifier is not null)
        {
            if (ActivationSignatureProblem(activation) is { } problem)
            {
                return Refuse(activation, problem, verified: true, retry, null);
            }

            bundleSignature = await _store.GetBundleSignatureAsync(activation.Revision).ConfigureAwait(false);
            if (BundleSignatureProblem(activation.Revision, bundleSignature) is { } bundleProblem)
            {
                return Refuse(activation, bundleProblem, verified: false, retry, null);
            }
        }

        var bytes = await _store.GetBundleAsync(activation.Revision).ConfigureAwait(false);
        if (bytes is null)
        {
            return Refuse(activation, "its bundle is not in the store", verified: false, retry, null);
        }

        if (!VerifiedBundle.TryVerify(activation.Revision, bytes, out var bundle))
        {
            return Refuse(activation, "its bytes do not hash to the revision", verified: false, retry, null);
        }

        if (!HandToEngine(activation, bundle, FromStore))
        {
            return false;
        }

        try
        {
            await _snapshot.WriteAsync(activation, bundle, bundleSignature).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.SnapshotWriteFailed(_snapshot.Path, ex.Message);
        }

        await ReportAsync(activation.Revision).ConfigureAwait(false);
        return true;
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
            _logger.SnapshotRefused(_snapshot.Path, ex.Message);
            return false;
        }

        if (snapshot is null)
        {
            _logger.NoSnapshot(_snapshot.Path);
            return false;
        }

        if (_verifier is not null
            && (ActivationSignatureProblem(snapshot.Activation) ?? BundleSignatureProblem(snapshot.Activation.Revision, snapshot.BundleSignature)) is { } problem)
        {
            // Counted like any refused bundle: whoever watches the count sees that the snapshot was not served.
            _logger.SnapshotRefused(_snapshot.Path, "revision " + snapshot.Activation.Revision + ": " + problem);
            _metrics.Refused();
            return false;
        }

        return HandToEngine(snapshot.Activation, snapshot.Bundle, FromSnapshot);
    }

    private string? ActivationSignatureProblem(ActivationRecord activation) => _verifier!.VerifyActivation(activation) switch
    {
        SignatureCheck.Valid => null,
        SignatureCheck.Missing => "its activation is not signed",
        _ => "its activation's signature does not match its fields under any trusted policy signing key",
    };

    private string? BundleSignatureProblem(string revision, string? signature) => _verifier!.VerifyBundle(revision, signature) switch
    {
        SignatureCheck.Valid => null,
        SignatureCheck.Missing => "its bundle is not signed",
        _ => "its bundle's signature does not match the revision under any trusted policy signing key",
    };

    private bool HandToEngine(ActivationRecord activation, VerifiedBundle bundle, string source)
    {
        bool accepted;
        string? refusal;
        Exception? failure = null;
        try
        {
            accepted = _tryActivate(activation, bundle, out refusal);
        }
        catch (Exception ex)
        {
            // A failure of the sink itself, not a bundle it explains away: logged with its stack trace.
            accepted = false;
            refusal = "the engine failed to load it";
            failure = ex;
        }

        if (!accepted)
        {
            return Refuse(activation, "the engine refused it: " + refusal, verified: true, retry: false, failure);
        }

        _current = activation;
        _lastRefused = null;
        _metrics.Activated();
        _logger.RevisionActivated(activation.Revision, activation.Sequence, activation.ActivatedBy, activation.ActivatedAt, source);
        return true;
    }

    // verified: the bytes hash to the revision (the engine refused them), so the same activation can never load.
    private bool Refuse(ActivationRecord activation, string reason, bool verified, bool retry, Exception? exception)
    {
        _lastRefused = activation;
        _lastRefusedWasVerified = verified;
        if (retry)
        {
            _logger.BundleStillRefused(activation.Revision, reason);
            return false;
        }

        // Logged before it is counted: whoever watches the count finds the reason already written.
        _logger.BundleRefused(activation.Revision, reason, _current?.Revision ?? "(nothing)", exception);
        _metrics.Refused();
        return false;
    }

    // The heartbeat's report: a store that cannot be reached ends the heartbeat (the loop backs off); a credential not permitted
    // to report (a Redis ACL user without HSET on the instances key) is a configuration to fix, not an outage: logged once.
    private async Task HeartbeatReportAsync(string revision)
    {
        try
        {
            await _store.ReportLoadedAsync(_options.InstanceId, revision).ConfigureAwait(false);
        }
        catch (PolicyStoreNotPermittedException ex)
        {
            if (!_reportNotPermitted)
            {
                _reportNotPermitted = true;
                _logger.ReportNotPermitted(ex.Message);
            }
        }
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
            _logger.ReportFailed(revision, ex.Message);
        }
    }
}
