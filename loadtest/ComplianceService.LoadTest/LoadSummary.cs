using System.Globalization;
using ComplianceService.LoadTest.Internal;

namespace ComplianceService.LoadTest;

/// <summary>Plain-text summaries of runs, for a terminal.</summary>
public static class LoadSummary
{
    /// <summary>The percentiles every report shows.</summary>
    public static IReadOnlyList<double> ReportedPercentiles { get; } = [50, 90, 99, 99.9];

    /// <summary>Writes one run's summary.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="run">The run.</param>
    public static void Write(TextWriter output, LoadRunResult run)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(run);
        var c = CultureInfo.InvariantCulture;
        var p = run.Profile;
        var n = run.Counts;
        var h = run.Latency;
        output.WriteLine($"== {run.Label} ==");
        output.WriteLine(Describe(p));
        output.WriteLine(string.Create(c, $"requests    scheduled {n.Scheduled}  sent {n.Sent}  completed {n.Completed}  ok {n.Ok}  errors {run.Errors}  backlogged {n.Backlogged}  abandoned {n.Abandoned}"));
        output.WriteLine(string.Create(c, $"throughput  {run.Throughput:0.0}/s over {run.Elapsed.TotalSeconds:0.00} s"));
        output.WriteLine($"latency     min {L(h.MinNanoseconds)}  mean {L((long)h.MeanNanoseconds)}  max {L(h.MaxNanoseconds)}");
        output.WriteLine($"            p50 {L(h.ValueAtPercentile(50))}  p90 {L(h.ValueAtPercentile(90))}  p99 {L(h.ValueAtPercentile(99))}  p99.9 {L(h.ValueAtPercentile(99.9))}");
        if (run.SendLag.Count > 0)
        {
            output.WriteLine($"send lag    p50 {L(run.SendLag.ValueAtPercentile(50))}  p99 {L(run.SendLag.ValueAtPercentile(99))}  max {L(run.SendLag.MaxNanoseconds)}  (scheduler's lateness against the schedule; included in latency)");
        }

        if (run.ErrorsByStatus.Count > 0)
        {
            output.Write("errors     ");
            foreach (var (code, count) in run.ErrorsByStatus)
            {
                output.Write(string.Create(c, $" {code} {GrpcStatus.Name(code)}: {count}"));
            }

            output.WriteLine();
        }

        output.WriteLine();
    }

    /// <summary>Writes the ratios of a second run to a first (p50, p99, p99.9, throughput).</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="baseline">The first run (A).</param>
    /// <param name="other">The second run (B).</param>
    public static void WriteComparison(TextWriter output, LoadRunResult baseline, LoadRunResult other)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(other);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"== comparison: B / A ==");
        output.WriteLine($"A = {baseline.Label}");
        output.WriteLine($"B = {other.Label}");
        output.WriteLine(string.Create(c, $"{"",-12}{"A",14}{"B",14}{"B/A",10}"));
        foreach (var percentile in new[] { 50, 99, 99.9 })
        {
            var a = baseline.Latency.ValueAtPercentile(percentile);
            var b = other.Latency.ValueAtPercentile(percentile);
            output.WriteLine(string.Create(c, $"{"p" + percentile.ToString(c),-12}{L(a),14}{L(b),14}{Ratio(b, a),10}"));
        }

        output.WriteLine(string.Create(c, $"{"throughput",-12}{baseline.Throughput,12:0.0}/s{other.Throughput,12:0.0}/s{Ratio(other.Throughput, baseline.Throughput),10}"));
        output.WriteLine();
    }

    /// <summary>One line describing a profile, e.g. "open loop, 1000 req/s for 10 s (warm-up 2 s)".</summary>
    /// <param name="profile">The profile.</param>
    /// <returns>The description.</returns>
    public static string Describe(LoadProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var c = CultureInfo.InvariantCulture;
        return profile.Mode == LoadMode.Open
            ? string.Create(c, $"open loop, {profile.Rate:0.##} req/s for {profile.Duration.TotalSeconds:0.##} s (warm-up {profile.Warmup.TotalSeconds:0.##} s, at most {profile.MaxInFlight} in flight)")
            : string.Create(c, $"closed loop, {profile.Concurrency} caller(s) for {profile.Duration.TotalSeconds:0.##} s (warm-up {profile.Warmup.TotalSeconds:0.##} s)");
    }

    internal static string Ratio(double numerator, double denominator) =>
        denominator > 0 ? (numerator / denominator).ToString("0.00", CultureInfo.InvariantCulture) : "n/a";

    private static string L(long nanoseconds) => LatencyText.Format(nanoseconds);
}
