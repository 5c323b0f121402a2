using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ComplianceService.Distribution.Tests;

/// <summary>Keeps every log line a server writes (category, level, message) so a test can assert what was logged.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _withException = new();

    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>The lines that carried an exception (a stack trace in a real log), with the exception's type.</summary>
    public IReadOnlyCollection<string> LinesWithException => _withException;

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, _lines, _withException);

    public void Dispose()
    {
    }

    private sealed class Recorder(string category, ConcurrentQueue<string> lines, ConcurrentQueue<string> withException) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{logLevel} {category}[{eventId.Id}]: {formatter(state, exception)}";
            lines.Enqueue(line);
            if (exception is not null)
            {
                withException.Enqueue(line + " [" + exception.GetType().Name + "]");
            }
        }
    }
}
