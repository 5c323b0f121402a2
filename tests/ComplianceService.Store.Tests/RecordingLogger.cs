using Microsoft.Extensions.Logging;

namespace ComplianceService.Store.Tests;

/// <summary>Keeps every log entry (event name, level, message, exception) so tests can check what an operator would read.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly Lock _lock = new();
    private readonly List<(string Name, LogLevel Level, string Message, Exception? Exception)> _entries = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lock)
        {
            _entries.Add((eventId.Name ?? string.Empty, logLevel, formatter(state, exception), exception));
        }
    }

    public int Count(string eventName)
    {
        lock (_lock)
        {
            return _entries.Count(e => e.Name == eventName);
        }
    }

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
