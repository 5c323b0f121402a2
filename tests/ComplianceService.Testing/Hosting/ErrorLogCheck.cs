using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ComplianceService.Testing.Hosting;

/// <summary>
/// Fails (on <see cref="Dispose"/>) when the host logged an error that nobody expected since the check began: a
/// test that passes while the server logs a failure hides a bug.
/// </summary>
public sealed class ErrorLogCheck : IDisposable
{
    private readonly FakeLogCollector _logs;
    private readonly Func<FakeLogRecord, bool> _expected;
    private readonly int _start;

    internal ErrorLogCheck(FakeLogCollector logs, Func<FakeLogRecord, bool>? expected)
    {
        _logs = logs;
        _expected = expected ?? (_ => false);
        _start = logs.Count;
    }

    /// <summary>The unexpected error records so far.</summary>
    public IReadOnlyList<FakeLogRecord> Unexpected =>
        [.. _logs.GetSnapshot().Skip(_start).Where(r => r.Level >= LogLevel.Error && !_expected(r))];

    /// <summary>Throws when there is an unexpected error record.</summary>
    public void Dispose()
    {
        var unexpected = Unexpected;
        if (unexpected.Count > 0)
        {
            throw new InvalidOperationException(
                $"The server logged {unexpected.Count} unexpected error(s):\n" +
                string.Join("\n", unexpected.Select(r => $"{r.Level} {r.Category}[{r.Id.Id}]: {r.Message}{(r.Exception is null ? "" : "\n  " + r.Exception)}")));
        }
    }
}
