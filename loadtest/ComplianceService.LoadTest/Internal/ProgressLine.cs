using System.Diagnostics;
using System.Globalization;

namespace ComplianceService.LoadTest.Internal;

/// <summary>Once a second while a phase runs: elapsed, sent, completed, current rate, p99 so far,
/// errors, calls in flight, backlog.</summary>
internal static class ProgressLine
{
    public static async Task RunAsync(string phase, RunRecorder recorder, TextWriter output, CancellationToken done)
    {
        var c = CultureInfo.InvariantCulture;
        long lastCompleted = 0;
        var lastTicks = recorder.StartTicks;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(done).ConfigureAwait(false))
            {
                var now = Stopwatch.GetTimestamp();
                var completed = recorder.CompletedCount;
                var sent = recorder.SentCount;
                var rate = (completed - lastCompleted) / Stopwatch.GetElapsedTime(lastTicks, now).TotalSeconds;
                lastCompleted = completed;
                lastTicks = now;
                var line = string.Create(c, $"[{phase} {Stopwatch.GetElapsedTime(recorder.StartTicks, now).TotalSeconds,5:0.0}s] sent {sent}  done {completed}  {rate:0}/s  p99 {LatencyText.Format(recorder.Latency.ValueAtPercentile(99))}  errors {recorder.ErrorCount}  in-flight {sent - completed}  backlogged {recorder.BackloggedCount}");
                await output.WriteLineAsync(line).ConfigureAwait(false);
                await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // the phase is over
        }
    }
}
