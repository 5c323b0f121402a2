using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceService.Store.UnitTests;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also tells the test each wait started on it (the delay asked for), so the test
/// moves the clock only once the code under test is waiting, and sees exactly which delay it chose.
/// </summary>
internal sealed class WatchedClock() : FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
{
    private readonly Channel<TimeSpan> _waits = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _waits.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>The delay of the next wait started on this clock (a real-time deadline guards against a hang).</summary>
    public async Task<TimeSpan> NextWaitAsync() => await _waits.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Waits that were started and not yet taken by <see cref="NextWaitAsync"/>.</summary>
    public int PendingWaits => _waits.Reader.Count;
}
