using System.Diagnostics;

namespace ComplianceService.LoadTest.Internal;

/// <summary>
/// Offers load on a fixed schedule: request i is due at t0 + i/rate. A dedicated thread wakes
/// (sub-millisecond, see <see cref="SchedulerPause"/>), hands every request whose time has come to
/// the target without waiting for it, and sleeps until the next one is due. Each call's latency
/// runs from its intended time, so a server stall shows as the queue of late requests it causes.
/// </summary>
internal sealed class OpenLoopDriver
{
    private readonly ILoadTarget target;
    private readonly LoadProfile profile;
    private readonly RunRecorder recorder;
    private readonly CancellationToken stop;
    private readonly CancellationTokenSource abandon = new();
    private readonly ManualResetEventSlim slotFreed = new(false);
    private readonly TaskCompletionSource scheduled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly double ticksPerRequest;
    private int inFlight;
    private volatile bool waitingForSlot;

    public OpenLoopDriver(ILoadTarget target, LoadProfile profile, RunRecorder recorder, CancellationToken stop)
    {
        this.target = target;
        this.profile = profile;
        this.recorder = recorder;
        this.stop = stop;
        ticksPerRequest = Stopwatch.Frequency / profile.Rate;
    }

    public int InFlight => Volatile.Read(ref inFlight);

    public async Task<long> RunAsync()
    {
        var total = (long)Math.Round(profile.Rate * profile.Duration.TotalSeconds);
        recorder.SetScheduled(total);
        var drainDeadline = recorder.StartTicks + ToTicks(profile.Duration + profile.DrainTimeout);
        var thread = new Thread(() => Schedule(total, drainDeadline))
        {
            IsBackground = true,
            Name = "open-loop scheduler",
        };
        thread.Start();
        await scheduled.Task.ConfigureAwait(false);
        var loadEnd = Stopwatch.GetTimestamp();

        while (InFlight > 0 && Stopwatch.GetTimestamp() < drainDeadline)
        {
            await Task.Delay(5).ConfigureAwait(false);
        }

        if (InFlight > 0)
        {
            recorder.Abandon();
            await abandon.CancelAsync().ConfigureAwait(false);
            var giveUp = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
            while (InFlight > 0 && Stopwatch.GetTimestamp() < giveUp)
            {
                await Task.Delay(5).ConfigureAwait(false);
            }
        }

        return loadEnd;
    }

    private void Schedule(long total, long drainDeadline)
    {
        try
        {
            SchedulerPause.PrepareThread();
            var backlog = new Queue<long>();
            long next = 0;
            while (true)
            {
                if (stop.IsCancellationRequested && total > next)
                {
                    total = next;
                    recorder.SetScheduled(total);
                }

                var now = Stopwatch.GetTimestamp();
                while (backlog.Count > 0 && InFlight < profile.MaxInFlight)
                {
                    Fire(backlog.Dequeue());
                }

                while (next < total)
                {
                    if (Intended(next) > now)
                    {
                        break;
                    }

                    if (backlog.Count == 0 && InFlight < profile.MaxInFlight)
                    {
                        Fire(next);
                    }
                    else
                    {
                        backlog.Enqueue(next);
                        recorder.RecordBacklogged();
                    }

                    next++;
                }

                if (next >= total && backlog.Count == 0)
                {
                    return;
                }

                if (now > drainDeadline)
                {
                    recorder.AddUnsent(backlog.Count + (total - next));
                    return;
                }

                if (backlog.Count > 0 && InFlight >= profile.MaxInFlight)
                {
                    // Over the cap: sleep until a call returns (or 1 ms), not spin.
                    slotFreed.Reset();
                    waitingForSlot = true;
                    if (InFlight >= profile.MaxInFlight)
                    {
                        slotFreed.Wait(1);
                    }

                    waitingForSlot = false;
                }
                else
                {
                    var due = next < total ? Intended(next) : now + (Stopwatch.Frequency / 1000);
                    SchedulerPause.Wait(due - Stopwatch.GetTimestamp());
                }
            }
        }
        finally
        {
            scheduled.TrySetResult();
        }
    }

    private long Intended(long index) => recorder.StartTicks + (long)(index * ticksPerRequest);

    private void Fire(long index)
    {
        var intended = Intended(index);
        Interlocked.Increment(ref inFlight);
        recorder.RecordSent(Stopwatch.GetTimestamp() - intended);
        _ = CallAsync(index, intended);
    }

    private async Task CallAsync(long index, long intended)
    {
        var outcome = await TargetCall.InvokeAsync(target, index, abandon.Token).ConfigureAwait(false);
        var now = Stopwatch.GetTimestamp();
        recorder.RecordCompleted(now - intended, outcome.StatusCode, now);
        Interlocked.Decrement(ref inFlight);
        if (waitingForSlot)
        {
            slotFreed.Set();
        }
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
