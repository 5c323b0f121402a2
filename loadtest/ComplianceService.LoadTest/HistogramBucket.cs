namespace ComplianceService.LoadTest;

/// <summary>One non-empty bucket of a <see cref="LatencyHistogram"/>: every value in
/// [<see cref="LowestNanoseconds"/>, <see cref="HighestNanoseconds"/>] counts here.</summary>
/// <param name="LowestNanoseconds">The lowest value the bucket holds.</param>
/// <param name="HighestNanoseconds">The highest value the bucket holds (inclusive).</param>
/// <param name="Count">How many values were recorded in the bucket.</param>
public readonly record struct HistogramBucket(long LowestNanoseconds, long HighestNanoseconds, long Count);
