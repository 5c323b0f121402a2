using System.Runtime.InteropServices;
using ComplianceService.Engine;
using ComplianceService.Store.Internal;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ComplianceService.Store;

/// <summary>
/// <see cref="IPolicyStore"/> over Redis with StackExchange.Redis.
/// This type is the only place that knows the client library; key names are documented on <see cref="IPolicyStore"/>.
/// </summary>
/// <remarks>
/// <para>Bundles are immutable artifacts named by their hash, so they are kept as <see cref="IDistributedCache"/> entries
/// (<see cref="RedisCache"/>, no expiry) named by their revision. The active pointer, the history, the activation script,
/// the announcements and the instance reports use the connection directly. Both share the one connection.</para>
/// <para>
/// The connection never aborts on failure: the client reconnects in the background with exponential backoff
/// (<see cref="PolicyStoreOptions.ReconnectMinBackoff"/> to <see cref="PolicyStoreOptions.ReconnectMaxBackoff"/>)
/// and re-subscribes by itself. While disconnected, operations throw <see cref="PolicyStoreUnavailableException"/> at once.</para>
/// </remarks>
public sealed partial class RedisPolicyStore : IPolicyStore, IAsyncDisposable
{
    private readonly ConnectionMultiplexer _connection;
    private readonly IDatabase _database;
    private readonly IDistributedCache _bundles;
    private readonly RedisKeys _keys;
    private readonly PolicyStoreOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly PolicySigner? _signer;

    private RedisPolicyStore(ConnectionMultiplexer connection, PolicyStoreOptions options, ILogger logger, TimeProvider time, PolicySigner? signer)
    {
        _signer = signer;
        _connection = connection;
        _database = connection.GetDatabase();
        _keys = new RedisKeys(options.KeyPrefix);

        // Not disposed by the store: RedisCache.Dispose closes the connection it was given, and the store owns that one.
        _bundles = new RedisCache(Options.Create(new RedisCacheOptions
        {
            InstanceName = _keys.BundlePrefix,
            ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(connection),
        }));
        _options = options;
        _logger = logger;
        _time = time;
        connection.ConnectionFailed += OnConnectionFailed;
        connection.ConnectionRestored += OnConnectionRestored;
    }

    /// <inheritdoc />
    public event EventHandler<StoreConnectionChangedEventArgs>? ConnectionChanged;

    /// <inheritdoc />
    public bool IsConnected => _connection.IsConnected;

    /// <summary>
    /// Connects to Redis. Returns once connected or after <see cref="PolicyStoreOptions.ConnectTimeout"/> even when Redis is
    /// unreachable: the store then keeps connecting in the background (check <see cref="IsConnected"/>).
    /// </summary>
    /// <param name="options">Connection, key prefix and timeouts.</param>
    /// <param name="logger">Logger; none by default.</param>
    /// <param name="timeProvider">The clock of activation times and instance reports; the system clock by default.</param>
    /// <param name="signer">When given, every bundle stored and every activation made is signed with it (compliancectl's
    /// <c>--signing-key</c>); not owned by the store.</param>
    /// <exception cref="ArgumentException">The connection string or key prefix is unusable.</exception>
    public static async Task<RedisPolicyStore> ConnectAsync(
        PolicyStoreOptions options, ILogger<RedisPolicyStore>? logger = null, TimeProvider? timeProvider = null, PolicySigner? signer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.KeyPrefix))
        {
            throw new ArgumentException("KeyPrefix must not be empty.", nameof(options));
        }

        var configuration = ClientConfiguration(options);
        ConnectionMultiplexer connection;
        try
        {
            connection = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            throw new PolicyStoreUnavailableException("Could not start connecting to the policy store.", ex);
        }

        ILogger log = logger ?? (ILogger)NullLogger.Instance;
        log.StoreConnecting(string.Join(",", configuration.EndPoints), options.KeyPrefix, connection.IsConnected);
        return new RedisPolicyStore(connection, options, log, timeProvider ?? TimeProvider.System, signer);
    }

    /// <summary>
    /// The client configuration every connection of the store uses (the policy store's, the audit stream's): never abort on a
    /// failed connect, reconnect with exponential backoff, and fail at once rather than queue while disconnected.
    /// </summary>
    /// <exception cref="ArgumentException">The connection string is not a valid Redis configuration string.</exception>
    internal static ConfigurationOptions ClientConfiguration(PolicyStoreOptions options)
    {
        ConfigurationOptions configuration;
        try
        {
            configuration = ConfigurationOptions.Parse(options.ConnectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException("ConnectionString is not a valid Redis configuration string: " + ex.Message, nameof(options), ex);
        }

        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = ToMilliseconds(options.ConnectTimeout);
        configuration.ReconnectRetryPolicy = new ExponentialRetry(ToMilliseconds(options.ReconnectMinBackoff), ToMilliseconds(options.ReconnectMaxBackoff));

        // Since 2.x the client queues commands while disconnected (the backlog) until they time out; the store's contract is
        // to fail at once while Redis is unreachable, so the distributor serves from memory and compliancectl exits 3.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        return configuration;
    }

    /// <inheritdoc />
    public Task<bool> PutBundleAsync(string revision, ReadOnlyMemory<byte> bundle)
    {
        if (!BundleRevision.Matches(revision, bundle.Span))
        {
            return Task.FromResult(false);
        }

        var value = MemoryMarshal.TryGetArray(bundle, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : bundle.ToArray();
        return RunAsync(
            async () =>
            {
                // No expiry: a bundle stays as long as the history may name it.
                await _bundles.SetAsync(revision, value, NoExpiry).ConfigureAwait(false);
                if (_signer is not null)
                {
                    await _database.StringSetAsync(_keys.Signature(revision), _signer.SignBundle(revision)).ConfigureAwait(false);
                }

                return true;
            },
            "store a bundle");
    }

    /// <inheritdoc />
    public Task<byte[]?> GetBundleAsync(string revision)
    {
        ArgumentNullException.ThrowIfNull(revision);
        return RunAsync(() => _bundles.GetAsync(revision), "read a bundle");
    }

    /// <inheritdoc />
    public async Task<string?> GetBundleSignatureAsync(string revision)
    {
        ArgumentNullException.ThrowIfNull(revision);
        var value = await RunAsync(() => _database.StringGetAsync(_keys.Signature(revision)), "read a bundle signature").ConfigureAwait(false);
        return value.IsNull ? null : (string?)value;
    }

    /// <summary>Closes the connection and stops every subscription.</summary>
    public async ValueTask DisposeAsync()
    {
        _connection.ConnectionFailed -= OnConnectionFailed;
        _connection.ConnectionRestored -= OnConnectionRestored;
        foreach (var subscription in _subscriptions)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await _connection.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
        }
        catch (RedisException)
        {
            // Closing a connection that is already down has nothing left to do.
        }

        _connection.Dispose();
        _subscribeLock.Dispose();
    }

    private static readonly DistributedCacheEntryOptions NoExpiry = new();

    private static int ToMilliseconds(TimeSpan value) => (int)Math.Clamp(value.TotalMilliseconds, 1, int.MaxValue);

    private async Task<T> RunAsync<T>(Func<Task<T>> operation, string what)
    {
        Task<T>? task = null;
        try
        {
            task = operation();
            return await task.WaitAsync(_options.OperationTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            // Both our own deadline and the client's RedisTimeoutException (a TimeoutException) land here.
            // The client's own task may still fault later; observe it so it is not reported as unobserved.
            _ = task?.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw new PolicyStoreUnavailableException("The policy store did not answer in time to " + what + ".", ex);
        }
        catch (RedisConnectionException ex)
        {
            throw new PolicyStoreUnavailableException("The policy store is unreachable; could not " + what + ".", ex);
        }
        catch (RedisServerException ex) when (IsNotPermitted(ex.Message))
        {
            throw new PolicyStoreNotPermittedException("The policy store's credential is not permitted to " + what + " (Redis: " + ex.Message + ").", ex);
        }
        catch (RedisException ex)
        {
            throw new PolicyStoreException("The policy store failed to " + what + ": " + ex.Message, ex);
        }
    }

    // NOPERM is Redis's answer to a command, key or channel the ACL user may not use; inside a script it becomes an ERR that says
    // "The user executing the script can't ...".
    private static bool IsNotPermitted(string message) =>
        message.StartsWith("NOPERM", StringComparison.Ordinal)
        || message.Contains("The user executing the script can't", StringComparison.Ordinal);

    private string NowText() => ActivationRecordJson.FormatTime(_time.GetUtcNow());

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        // An outage is an expected condition: one line with the client's reason, no stack trace.
        _logger.StoreConnectionFailed(e.EndPoint?.ToString() ?? "?", e.ConnectionType.ToString(), e.FailureType.ToString(), e.Exception?.Message ?? "no detail");
        RaiseConnectionChanged(false);
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        _logger.StoreConnectionRestored(e.EndPoint?.ToString() ?? "?", e.ConnectionType.ToString());
        RaiseConnectionChanged(_connection.IsConnected);
    }

    private void RaiseConnectionChanged(bool isConnected)
    {
        try
        {
            ConnectionChanged?.Invoke(this, new StoreConnectionChangedEventArgs(isConnected));
        }
        catch (Exception ex)
        {
            // A listener's failure must not break the client's reconnection machinery.
            _logger.ConnectionListenerFailed(ex);
        }
    }
}
