using System.Threading.Channels;
using ComplianceService.Grpc.Server.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplianceService.Grpc.Server;

/// <summary>
/// The serving status of each service, as answered by <c>grpc.health.v1.Health</c>. The host sets
/// statuses; Check reads them and Watch streams their changes.
/// </summary>
public sealed class HealthStatusRegistry
{
    /// <summary>The name that stands for the server as a whole.</summary>
    public const string OverallService = "";

    private readonly Dictionary<string, ServingStatus> _statuses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Channel<ServingStatus>>> _watchers = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly ILogger _logger;
    private bool _terminal;

    /// <summary>Creates an empty registry.</summary>
    public HealthStatusRegistry(ILogger<HealthStatusRegistry>? logger = null)
    {
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Sets the status of <paramref name="service"/> ("" for the whole server) and notifies its watchers.</summary>
    /// <remarks>Ignored once <see cref="EnterTerminalState"/> was called (the server is stopping).</remarks>
    public void SetStatus(string service, ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (status == ServingStatus.ServiceUnknown)
        {
            throw new ArgumentException("SERVICE_UNKNOWN is reported by Watch, not set: call ClearStatus.", nameof(status));
        }

        lock (_lock)
        {
            if (_terminal)
            {
                return;
            }

            SetLocked(service, status);
        }
    }

    /// <summary>Forgets <paramref name="service"/>: Check answers NOT_FOUND and watchers see SERVICE_UNKNOWN.</summary>
    public void ClearStatus(string service)
    {
        lock (_lock)
        {
            if (_statuses.Remove(service))
            {
                Notify(service, ServingStatus.ServiceUnknown);
            }
        }
    }

    /// <summary>The status of <paramref name="service"/>; false when it is unknown.</summary>
    public bool TryGetStatus(string service, out ServingStatus status)
    {
        lock (_lock)
        {
            return _statuses.TryGetValue(service, out status);
        }
    }

    /// <summary>
    /// Sets every service NOT_SERVING and ends the Watch streams: called when the server begins
    /// to stop, so that load balancers drain it while in-flight calls finish.
    /// </summary>
    public void EnterTerminalState()
    {
        lock (_lock)
        {
            _terminal = true;
            foreach (var service in _statuses.Keys.ToArray())
            {
                SetLocked(service, ServingStatus.NotServing);
            }

            foreach (var list in _watchers.Values)
            {
                foreach (var channel in list)
                {
                    channel.Writer.TryComplete();
                }
            }

            _watchers.Clear();
        }
    }

    /// <summary>Starts watching <paramref name="service"/>: the reader first yields the current status.</summary>
    internal ChannelReader<ServingStatus> Subscribe(string service, out Action unsubscribe)
    {
        // Only the latest status matters to a watcher: a slow reader skips intermediate ones.
        var channel = Channel.CreateBounded<ServingStatus>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = false,
        });
        lock (_lock)
        {
            channel.Writer.TryWrite(_statuses.TryGetValue(service, out var current) ? current : ServingStatus.ServiceUnknown);
            if (_terminal)
            {
                channel.Writer.TryComplete();
            }
            else
            {
                if (!_watchers.TryGetValue(service, out var list))
                {
                    _watchers[service] = list = [];
                }

                list.Add(channel);
            }
        }

        unsubscribe = () =>
        {
            lock (_lock)
            {
                if (_watchers.TryGetValue(service, out var list))
                {
                    list.Remove(channel);
                    if (list.Count == 0)
                    {
                        _watchers.Remove(service);
                    }
                }
            }
        };
        return channel.Reader;
    }

    private void SetLocked(string service, ServingStatus status)
    {
        if (_statuses.TryGetValue(service, out var previous) && previous == status)
        {
            return;
        }

        _statuses[service] = status;
        Log.HealthStatusChanged(_logger, service, status);
        Notify(service, status);
    }

    private void Notify(string service, ServingStatus status)
    {
        if (_watchers.TryGetValue(service, out var list))
        {
            foreach (var channel in list)
            {
                channel.Writer.TryWrite(status);
            }
        }
    }
}
