using System.Numerics;

namespace ComplianceService.LoadTest;

/// <summary>
/// A log-linear latency histogram over nanoseconds, in the manner of HdrHistogram.
/// </summary>
/// <remarks>
/// <para>Layout: values below 128 ns each have their own bucket (exact). Above that, every power of
/// two [2^k, 2^(k+1)) is split into <see cref="SubBucketCount"/> = 128 equal buckets of width
/// 2^(k-7). Values are tracked from 1 ns (so the 1 µs .. 60 s range of latencies is covered with
/// room to spare) up to <see cref="HighestTrackableNanoseconds"/> = 60 s; larger values are
/// counted as 60 s.</para>
/// <para><b>Error bound.</b> A percentile is reported as the highest value of the bucket that holds
/// the value of that rank (never above the recorded maximum). A bucket's width is at most 1/128 of
/// its lowest value, so for the exact value v of that rank the reported value r satisfies
/// v &lt;= r &lt;= v + v/128: a relative error of at most <see cref="RelativeErrorBound"/> = 1/128
/// (0.79 %), and never an under-report. Min, max, count and mean are exact.</para>
/// <para>Percentile rank: the nearest-rank method, rank = ceil(p/100 * count) (at least 1).</para>
/// <para>Thread safety: <see cref="Record"/> and <see cref="Merge"/> are lock-free
/// (<see cref="Interlocked"/> increments), so many completions may record into one histogram at
/// once. Reads while recording are consistent per bucket, approximate overall (fine for progress).</para>
/// </remarks>
public sealed class LatencyHistogram
{
    /// <summary>Buckets per power of two.</summary>
    public const int SubBucketCount = 128;

    /// <summary>The largest value tracked: 60 s, in nanoseconds. Larger values count as this.</summary>
    public const long HighestTrackableNanoseconds = 60_000_000_000;

    /// <summary>The bound on the relative error of a reported percentile: 1/128.</summary>
    public const double RelativeErrorBound = 1.0 / SubBucketCount;

    private const int SubBucketBits = 7;

    private static readonly int BucketCount = IndexOf(HighestTrackableNanoseconds) + 1;

    private readonly long[] counts = new long[BucketCount];
    private long count;
    private long sum;
    private long min = long.MaxValue;
    private long max;

    /// <summary>How many values were recorded.</summary>
    public long Count => Volatile.Read(ref count);

    /// <summary>The smallest recorded value in nanoseconds (0 when empty).</summary>
    public long MinNanoseconds => Count == 0 ? 0 : Volatile.Read(ref min);

    /// <summary>The largest recorded value in nanoseconds, after clamping to 60 s (0 when empty).</summary>
    public long MaxNanoseconds => Volatile.Read(ref max);

    /// <summary>The mean of the recorded values in nanoseconds (0 when empty).</summary>
    public double MeanNanoseconds
    {
        get
        {
            var n = Count;
            return n == 0 ? 0 : (double)Volatile.Read(ref sum) / n;
        }
    }

    /// <summary>Records one value in nanoseconds. Negative values count as 0; values over 60 s as 60 s.</summary>
    /// <param name="nanoseconds">The value.</param>
    public void Record(long nanoseconds) => RecordCount(nanoseconds, 1);

    /// <summary>Records a value <paramref name="times"/> times.</summary>
    /// <param name="nanoseconds">The value.</param>
    /// <param name="times">How many times (at least 1).</param>
    public void RecordCount(long nanoseconds, long times)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        var value = Math.Clamp(nanoseconds, 0, HighestTrackableNanoseconds);
        Interlocked.Add(ref counts[IndexOf(value)], times);
        Interlocked.Add(ref sum, value * times);
        Interlocked.Add(ref count, times);
        LowerTo(ref min, value);
        RaiseTo(ref max, value);
    }

    /// <summary>Adds every value of <paramref name="other"/> to this histogram.</summary>
    /// <param name="other">The histogram to add; it is not changed.</param>
    public void Merge(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var otherCount = other.Count;
        if (otherCount == 0)
        {
            return;
        }

        for (var i = 0; i < counts.Length; i++)
        {
            var c = Volatile.Read(ref other.counts[i]);
            if (c != 0)
            {
                Interlocked.Add(ref counts[i], c);
            }
        }

        Interlocked.Add(ref sum, Volatile.Read(ref other.sum));
        Interlocked.Add(ref count, otherCount);
        LowerTo(ref min, Volatile.Read(ref other.min));
        RaiseTo(ref max, Volatile.Read(ref other.max));
    }

    /// <summary>The value at a percentile, in nanoseconds, within <see cref="RelativeErrorBound"/>
    /// above the exact nearest-rank value. 0 for an empty histogram.</summary>
    /// <param name="percentile">0 to 100; 0 gives the minimum, 100 the maximum.</param>
    /// <returns>The value in nanoseconds.</returns>
    public long ValueAtPercentile(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100.0);
        long total = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            total += Volatile.Read(ref counts[i]);
        }

        if (total == 0)
        {
            return 0;
        }

        if (percentile == 0.0)
        {
            return MinNanoseconds;
        }

        var rank = RankAtPercentile(percentile, total);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += Volatile.Read(ref counts[i]);
            if (seen >= rank)
            {
                return Math.Min(HighestInBucket(i), MaxNanoseconds);
            }
        }

        return MaxNanoseconds;
    }

    /// <summary>The value at a percentile in microseconds (see <see cref="ValueAtPercentile"/>).</summary>
    /// <param name="percentile">0 to 100.</param>
    /// <returns>The value in microseconds.</returns>
    public double MicrosecondsAtPercentile(double percentile) => ValueAtPercentile(percentile) / 1000.0;

    /// <summary>The non-empty buckets, lowest first.</summary>
    /// <returns>A snapshot of the buckets.</returns>
    public IReadOnlyList<HistogramBucket> RecordedBuckets()
    {
        var buckets = new List<HistogramBucket>();
        for (var i = 0; i < counts.Length; i++)
        {
            var c = Volatile.Read(ref counts[i]);
            if (c != 0)
            {
                buckets.Add(new HistogramBucket(LowestInBucket(i), HighestInBucket(i), c));
            }
        }

        return buckets;
    }

    /// <summary>The nearest rank (1-based) of a percentile among <paramref name="total"/> sorted values:
    /// ceil(p/100 * total), at least 1. A tiny tolerance keeps 99.9 % of 1,000,000 at rank 999,000
    /// despite binary floating point.</summary>
    /// <param name="percentile">0 to 100.</param>
    /// <param name="total">The number of values (at least 1).</param>
    /// <returns>The rank.</returns>
    public static long RankAtPercentile(double percentile, long total)
    {
        var rank = (long)Math.Ceiling((percentile / 100.0 * total) - 1e-6);
        return Math.Clamp(rank, 1, total);
    }

    internal static int IndexOf(long value)
    {
        var shift = Math.Max(0, BitOperations.Log2((ulong)value | 1) - SubBucketBits);
        return (shift << SubBucketBits) + (int)(value >> shift);
    }

    internal static long LowestInBucket(int index)
    {
        var shift = Math.Max(0, (index >> SubBucketBits) - 1);
        return (long)(index - (shift << SubBucketBits)) << shift;
    }

    internal static long HighestInBucket(int index)
    {
        var shift = Math.Max(0, (index >> SubBucketBits) - 1);
        return LowestInBucket(index) + (1L << shift) - 1;
    }

    private static void LowerTo(ref long location, long value)
    {
        var current = Volatile.Read(ref location);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private static void RaiseTo(ref long location, long value)
    {
        var current = Volatile.Read(ref location);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
