using System.Collections.Concurrent;

namespace ComplianceService.Internal;

/// <summary>
/// Kestrel logs "exceeded the output operations maximum queue size" (Http2QueueOperationsExceeded, Critical) once per
/// stream that tries to write after a connection's output queue overflowed: a client that opens 2,000 streams on one
/// connection without reading the answers produced 103 Critical lines. The connection is aborted either way; this
/// logs the first event of each connection as one Warning line and counts every event in
/// <see cref="ServerMetrics.Http2OutputQueueExceeded"/>. Other events of the category pass unchanged.
/// </summary>
internal sealed class OncePerConnection(ILogger inner) : ILogger
{
    public const string Category = "Microsoft.AspNetCore.Server.Kestrel.Http2";

    /// <summary>Kestrel's Http2QueueOperationsExceeded event.</summary>
    public const int QueueOperationsExceeded = 60;

    // Connection ids already logged; cleared when large (a connection id repeating after that logs once more).
    private static readonly ConcurrentDictionary<string, byte> Logged = new(StringComparer.Ordinal);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    // The event is Critical: counted even where the category is filtered out. Lower levels ask the real logger, so
    // Kestrel's per-frame Trace lines are not formatted for nothing.
    public bool IsEnabled(LogLevel logLevel) => logLevel == LogLevel.Critical || inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id != QueueOperationsExceeded)
        {
            if (inner.IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }

            return;
        }

        ServerMetrics.Http2OutputQueueExceeded.Add(1);
        var connection = ConnectionId(state) ?? string.Empty;
        if (Logged.Count > 10_000)
        {
            Logged.Clear();
        }

        if (Logged.TryAdd(connection, 0) && inner.IsEnabled(LogLevel.Warning))
        {
            ComplianceService.Internal.Log.Http2OutputQueueExceeded(inner, connection);
        }
    }

    private static string? ConnectionId<TState>(TState state)
    {
        if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
            {
                if (key == "ConnectionId")
                {
                    return value as string;
                }
            }
        }

        return null;
    }
}
