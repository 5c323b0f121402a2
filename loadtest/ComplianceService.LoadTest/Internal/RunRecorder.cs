using System.Collections.Concurrent;
using System.Diagnostics;

namespace ComplianceService.LoadTest.Internal;

/// <summary>The counters of one phase, written lock-free by every completing call.</summary>
internal sealed class RunRecorder
{
    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    private readonly long[] byStatus = new long[17];
    private readonly ConcurrentDictionary<int, long> otherStatus = new();
    private readonly long[] perSecond;
    private long scheduled;
    private long sent;
    private long completed;
    private long ok;
    private long backlogged;
    private long unsent;
    private long lastCompletionTicks;
    private volatile bool abandoning;

    public RunRecorder(long startTicks, TimeSpan longest)
    {
        StartTicks = startTicks;
        lastCompletionTicks = startTicks;
        perSecond = new long[(int)Math.Ceiling(longest.TotalSeconds) + 2];
    }

    /// <summary>When the phase began (Stopwatch ticks); request i of an open loop is due at
    /// StartTicks + i / rate.</summary>
    public long StartTicks { get; }

    public LatencyHistogram Latency { get; } = new();

    /// <summary>How late requests were handed to the target, against their intended time
    /// (open loop only): the load generator's own precision.</summary>
    public LatencyHistogram SendLag { get; } = new();

    public long SentCount => Volatile.Read(ref sent);

    public long CompletedCount => Volatile.Read(ref completed);

    public long ErrorCount => CompletedCount - Volatile.Read(ref ok);

    public long BackloggedCount => Volatile.Read(ref backlogged);

    public static long ToNanoseconds(long ticks) =>
        NanosecondsPerTick == 1.0 ? ticks : (long)(ticks * NanosecondsPerTick);

    public void SetScheduled(long count) => Volatile.Write(ref scheduled, count);

    public void AddUnsent(long count) => Interlocked.Add(ref unsent, count);

    public void RecordBacklogged() => Interlocked.Increment(ref backlogged);

    /// <summary>A request is handed to the target now.</summary>
    public void RecordSent(long lagTicks)
    {
        Interlocked.Increment(ref sent);
        if (lagTicks >= 0)
        {
            SendLag.Record(ToNanoseconds(lagTicks));
        }
    }

    /// <summary>From now on, calls that return are abandoned, not measured.</summary>
    public void Abandon() => abandoning = true;

    public void RecordCompleted(long latencyTicks, int status, long nowTicks)
    {
        if (abandoning)
        {
            return;
        }

        Latency.Record(ToNanoseconds(latencyTicks));
        if (status == GrpcStatus.Ok)
        {
            Interlocked.Increment(ref ok);
        }
        else if ((uint)status < (uint)byStatus.Length)
        {
            Interlocked.Increment(ref byStatus[status]);
        }
        else
        {
            otherStatus.AddOrUpdate(status, 1, static (_, n) => n + 1);
        }

        var second = (nowTicks - StartTicks) / Stopwatch.Frequency;
        Interlocked.Increment(ref perSecond[Math.Clamp(second, 0, perSecond.Length - 1)]);
        var last = Volatile.Read(ref lastCompletionTicks);
        while (nowTicks > last)
        {
            var seen = Interlocked.CompareExchange(ref lastCompletionTicks, nowTicks, last);
            if (seen == last)
            {
                break;
            }

            last = seen;
        }

        Interlocked.Increment(ref completed);
    }

    public LoadRunResult ToResult(string label, LoadProfile profile, long loadEndTicks)
    {
        var errors = new SortedDictionary<int, long>();
        for (var code = 1; code < byStatus.Length; code++)
        {
            var n = Volatile.Read(ref byStatus[code]);
            if (n != 0)
            {
                errors[code] = n;
            }
        }

        foreach (var (code, n) in otherStatus)
        {
            errors[code] = n;
        }

        var done = CompletedCount;
        var sentNow = SentCount;
        var counts = new LoadCounts(
            Scheduled: Math.Max(Volatile.Read(ref scheduled), sentNow),
            Sent: sentNow,
            Completed: done,
            Ok: Volatile.Read(ref ok),
            Backlogged: BackloggedCount,
            Abandoned: Volatile.Read(ref unsent) + Math.Max(0, sentNow - done));
        var end = Math.Max(loadEndTicks, Volatile.Read(ref lastCompletionTicks));
        var elapsed = Stopwatch.GetElapsedTime(StartTicks, end);
        var seconds = (int)Math.Min(perSecond.Length, Math.Ceiling(elapsed.TotalSeconds));
        var throughput = new long[seconds];
        for (var i = 0; i < seconds; i++)
        {
            throughput[i] = Volatile.Read(ref perSecond[i]);
        }

        return new LoadRunResult(label, profile, Latency, counts, errors, throughput, elapsed, SendLag);
    }
}
