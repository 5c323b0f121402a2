using Microsoft.Extensions.Logging;

namespace ComplianceService.Testing.Logging;

/// <summary>Keeps every log entry (event name, level, message, exception) so tests can check what an operator would read.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly Lock _lock = new();
    private readonly List<(string Name, LogLevel Level, string Message, Exception? Exception)> _entries = [];

    /// <inheritdoc/>
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc/>
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <inheritdoc/>
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lock)
        {
            _entries.Add((eventId.Name ?? string.Empty, logLevel, formatter(state, exception), exception));
        }
    }

    /// <summary>How many entries carry the event name.</summary>
    public int Count(string eventName)
    {
        lock (_lock)
        {
            return _entries.Count(e => e.Name == eventName);
        }
    }

    /// <summary>The messages of the entries with the event name.</summary>
    public IReadOnlyList<string> Messages(string eventName)
    {
        lock (_lock)
        {
            return _entries.Where(e => e.Name == eventName).Select(e => e.Message).ToArray();
        }
    }

    /// <summary>Entries that carry an exception (a stack trace in the log), as "event: message".</summary>
    public IReadOnlyList<string> WithException()
    {
        lock (_lock)
        {
            return _entries.Where(e => e.Exception is not null).Select(e => e.Name + ": " + e.Message).ToArray();
        }
    }
}
