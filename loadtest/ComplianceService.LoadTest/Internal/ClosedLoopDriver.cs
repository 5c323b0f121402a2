using System.Diagnostics;

namespace ComplianceService.LoadTest.Internal;

/// <summary>N callers, each sending its next call when the previous one returns, until the
/// duration is over. Latency runs from each call's actual send time.</summary>
internal sealed class ClosedLoopDriver
{
    private readonly ILoadTarget target;
    private readonly LoadProfile profile;
    private readonly RunRecorder recorder;
    private readonly CancellationToken stop;
    private readonly CancellationTokenSource abandon = new();
    private long stopAt;
    private long nextIndex;

    public ClosedLoopDriver(ILoadTarget target, LoadProfile profile, RunRecorder recorder, CancellationToken stop)
    {
        this.target = target;
        this.profile = profile;
        this.recorder = recorder;
        this.stop = stop;
    }

    public async Task<long> RunAsync()
    {
        stopAt = recorder.StartTicks + (long)(profile.Duration.TotalSeconds * Stopwatch.Frequency);
        var callers = new Task[profile.Concurrency];
        for (var i = 0; i < callers.Length; i++)
        {
            callers[i] = Task.Run(CallerAsync);
        }

        var all = Task.WhenAll(callers);
        var untilStop = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), stopAt);
        var drainDeadline = (untilStop > TimeSpan.Zero ? untilStop : TimeSpan.Zero) + profile.DrainTimeout;
        if (await Task.WhenAny(all, Task.Delay(drainDeadline)).ConfigureAwait(false) != all)
        {
            recorder.Abandon();
            await abandon.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
        }

        recorder.SetScheduled(recorder.SentCount);
        return Math.Min(Stopwatch.GetTimestamp(), stopAt);
    }

    private async Task CallerAsync()
    {
        while (!stop.IsCancellationRequested && Stopwatch.GetTimestamp() < stopAt)
        {
            var index = Interlocked.Increment(ref nextIndex) - 1;
            recorder.RecordSent(-1);
            var start = Stopwatch.GetTimestamp();
            var outcome = await TargetCall.InvokeAsync(target, index, abandon.Token).ConfigureAwait(false);
            var now = Stopwatch.GetTimestamp();
            recorder.RecordCompleted(now - start, outcome.StatusCode, now);
        }
    }
}
