namespace ComplianceService.LoadTest.UnitTests;

public sealed class LatencyHistogramTests
{
    private static readonly double[] Percentiles = [0.1, 1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 100];

    [Fact]
    public void UniformMicrosecondsAreWithinTheStatedBound()
    {
        var values = new long[1_000_000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (i + 1) * 1000L; // 1 µs .. 1 s in nanoseconds
        }

        AssertPercentilesWithinBound(values);
    }

    [Fact]
    public void SkewedDataWithAStallTailIsWithinTheStatedBound()
    {
        var values = SkewedSample(seed: 42, count: 300_000);
        AssertPercentilesWithinBound(values);
    }

    [Fact]
    public void SmallValuesAreExact()
    {
        var histogram = new LatencyHistogram();
        for (var v = 0; v < 128; v++)
        {
            histogram.Record(v);
        }

        Assert.Equal(0, histogram.MinNanoseconds);
        Assert.Equal(127, histogram.MaxNanoseconds);
        Assert.Equal(63, histogram.ValueAtPercentile(50)); // rank 64 of 0..127
        Assert.All(histogram.RecordedBuckets(), b => Assert.Equal(b.LowestNanoseconds, b.HighestNanoseconds));
    }

    [Fact]
    public void MergeEqualsTheHistogramOfTheUnion()
    {
        var values = SkewedSample(seed: 7, count: 100_000);
        var union = new LatencyHistogram();
        var even = new LatencyHistogram();
        var odd = new LatencyHistogram();
        for (var i = 0; i < values.Length; i++)
        {
            union.Record(values[i]);
            (i % 2 == 0 ? even : odd).Record(values[i]);
        }

        var merged = new LatencyHistogram();
        merged.Merge(even);
        merged.Merge(odd);

        Assert.Equal(union.RecordedBuckets(), merged.RecordedBuckets());
        Assert.Equal(union.Count, merged.Count);
        Assert.Equal(union.MinNanoseconds, merged.MinNanoseconds);
        Assert.Equal(union.MaxNanoseconds, merged.MaxNanoseconds);
        Assert.Equal(union.MeanNanoseconds, merged.MeanNanoseconds, 6);
        foreach (var p in Percentiles)
        {
            Assert.Equal(union.ValueAtPercentile(p), merged.ValueAtPercentile(p));
        }
    }

    [Fact]
    public void MinMaxMeanAndCountAreExact()
    {
        var values = SkewedSample(seed: 3, count: 10_000);
        var histogram = new LatencyHistogram();
        foreach (var v in values)
        {
            histogram.Record(v);
        }

        Assert.Equal(values.Length, histogram.Count);
        Assert.Equal(values.Min(), histogram.MinNanoseconds);
        Assert.Equal(values.Max(), histogram.MaxNanoseconds);
        Assert.Equal(values.Average(), histogram.MeanNanoseconds, 3);
        Assert.Equal(histogram.MinNanoseconds, histogram.ValueAtPercentile(0));
        Assert.Equal(histogram.MaxNanoseconds, histogram.ValueAtPercentile(100));
    }

    [Fact]
    public void ValuesBeyondTheRangeAreClamped()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(-5);
        histogram.Record(LatencyHistogram.HighestTrackableNanoseconds * 3);

        Assert.Equal(0, histogram.MinNanoseconds);
        Assert.Equal(LatencyHistogram.HighestTrackableNanoseconds, histogram.MaxNanoseconds);
        Assert.Equal(LatencyHistogram.HighestTrackableNanoseconds, histogram.ValueAtPercentile(99));
    }

    [Fact]
    public void AnEmptyHistogramAnswersZero()
    {
        var histogram = new LatencyHistogram();

        Assert.Equal(0, histogram.Count);
        Assert.Equal(0, histogram.ValueAtPercentile(99));
        Assert.Equal(0, histogram.MinNanoseconds);
        Assert.Equal(0, histogram.MeanNanoseconds);
        Assert.Empty(histogram.RecordedBuckets());
    }

    [Fact]
    public void ConcurrentRecordingLosesNothing()
    {
        var histogram = new LatencyHistogram();
        const int PerThread = 200_000;
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, t =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                histogram.Record(1000 + (i % 5000) + (t * 7));
            }
        });

        Assert.Equal(4 * PerThread, histogram.Count);
        Assert.Equal(4 * PerThread, histogram.RecordedBuckets().Sum(b => b.Count));
        Assert.Equal(1000, histogram.MinNanoseconds);
        Assert.Equal(1000 + 4999 + 21, histogram.MaxNanoseconds);
    }

    [Fact]
    public void TheErrorBoundIsUnderOnePercent()
    {
        Assert.True(LatencyHistogram.RelativeErrorBound <= 0.01);
        // Every bucket is narrower than 1/128 of the values it holds.
        var histogram = new LatencyHistogram();
        for (long v = 1; v < LatencyHistogram.HighestTrackableNanoseconds; v = (v * 3 / 2) + 1)
        {
            histogram.Record(v);
        }

        Assert.All(histogram.RecordedBuckets(), b =>
            Assert.True(b.HighestNanoseconds - b.LowestNanoseconds <= b.LowestNanoseconds * LatencyHistogram.RelativeErrorBound, $"bucket {b}"));
    }

    private static void AssertPercentilesWithinBound(long[] values)
    {
        var histogram = new LatencyHistogram();
        foreach (var v in values)
        {
            histogram.Record(v);
        }

        var sorted = (long[])values.Clone();
        Array.Sort(sorted);
        foreach (var p in Percentiles)
        {
            // Nearest rank, computed exactly in decimal.
            var rank = (long)Math.Ceiling((decimal)p / 100m * sorted.Length);
            var exact = sorted[Math.Max(rank, 1) - 1];
            var reported = histogram.ValueAtPercentile(p);
            Assert.True(
                reported >= exact && reported - exact <= exact * LatencyHistogram.RelativeErrorBound,
                $"p{p}: exact {exact} ns, reported {reported} ns");
        }
    }

    // 98 % exponential around 200 µs (fast calls), 2 % spread over 20..250 ms (stalls).
    private static long[] SkewedSample(int seed, int count)
    {
        var random = new Random(seed);
        var values = new long[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = random.Next(100) < 98
                ? 20_000 + (long)(-Math.Log(1 - random.NextDouble()) * 200_000)
                : 20_000_000 + (long)(random.NextDouble() * 230_000_000);
        }

        return values;
    }
}
