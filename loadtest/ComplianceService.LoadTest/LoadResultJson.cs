using System.Text.Json;

namespace ComplianceService.LoadTest;

/// <summary>
/// The machine-readable result: options, then per run the counts, throughput, latency
/// percentiles in microseconds, errors by status code, completions per second and the
/// histogram's buckets; with two runs, the ratios of the second to the first.
/// </summary>
public static class LoadResultJson
{
    /// <summary>Percentiles written under <c>latencyUs</c> as "p50", "p90", "p99", "p99.9", "p99.99".</summary>
    public static IReadOnlyList<double> Percentiles { get; } = [50, 90, 99, 99.9, 99.99];

    /// <summary>Writes the result.</summary>
    /// <param name="stream">Where to write (UTF-8).</param>
    /// <param name="options">What was asked for.</param>
    /// <param name="runs">One run, or two when comparing (the first is the baseline).</param>
    public static void Write(Stream stream, LoadTestOptions options, IReadOnlyList<LoadRunResult> runs)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runs);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("tool", "compliance-loadtest");
        json.WriteString("finishedAt", DateTimeOffset.UtcNow);
        WriteOptions(json, options);
        json.WriteStartArray("runs");
        foreach (var run in runs)
        {
            WriteRun(json, run);
        }

        json.WriteEndArray();
        if (runs.Count == 2)
        {
            var (a, b) = (runs[0], runs[1]);
            json.WriteStartObject("comparison");
            json.WriteString("baseline", a.Label);
            json.WriteString("other", b.Label);
            WriteRatio(json, "p50Ratio", b.Latency.ValueAtPercentile(50), a.Latency.ValueAtPercentile(50));
            WriteRatio(json, "p99Ratio", b.Latency.ValueAtPercentile(99), a.Latency.ValueAtPercentile(99));
            WriteRatio(json, "p99.9Ratio", b.Latency.ValueAtPercentile(99.9), a.Latency.ValueAtPercentile(99.9));
            WriteRatio(json, "throughputRatio", b.Throughput, a.Throughput);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    /// <summary>Writes the result to a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">What was asked for.</param>
    /// <param name="runs">The runs.</param>
    public static void WriteFile(string path, LoadTestOptions options, IReadOnlyList<LoadRunResult> runs)
    {
        using var file = File.Create(path);
        Write(file, options, runs);
    }

    private static void WriteOptions(Utf8JsonWriter json, LoadTestOptions o)
    {
        json.WriteStartObject("options");
        json.WriteString("target", o.Target.ToString());
        if (o.Compare is null)
        {
            json.WriteNull("compare");
        }
        else
        {
            json.WriteString("compare", o.Compare);
        }

        json.WriteString("mode", o.Profile.Mode.ToString().ToLowerInvariant());
        json.WriteString("mix", o.Mix.ToString().ToLowerInvariant());
        json.WriteString("client", o.Client);
        json.WriteNumber("rate", o.Profile.Rate);
        json.WriteNumber("durationSeconds", o.Profile.Duration.TotalSeconds);
        json.WriteNumber("warmupSeconds", o.Profile.Warmup.TotalSeconds);
        json.WriteNumber("connections", o.TargetSettings.Connections);
        json.WriteNumber("concurrency", o.Profile.Concurrency);
        json.WriteNumber("maxInFlight", o.Profile.MaxInFlight);
        if (o.TargetSettings.Deadline is { } deadline)
        {
            json.WriteNumber("deadlineMs", deadline.TotalMilliseconds);
        }
        else
        {
            json.WriteNull("deadlineMs");
        }

        json.WriteNumber("seed", o.Seed);
        json.WriteEndObject();
    }

    private static void WriteRun(Utf8JsonWriter json, LoadRunResult run)
    {
        json.WriteStartObject();
        json.WriteString("label", run.Label);
        json.WriteString("mode", run.Profile.Mode.ToString().ToLowerInvariant());
        json.WriteStartObject("counts");
        json.WriteNumber("scheduled", run.Counts.Scheduled);
        json.WriteNumber("sent", run.Counts.Sent);
        json.WriteNumber("completed", run.Counts.Completed);
        json.WriteNumber("ok", run.Counts.Ok);
        json.WriteNumber("errors", run.Errors);
        json.WriteNumber("backlogged", run.Counts.Backlogged);
        json.WriteNumber("abandoned", run.Counts.Abandoned);
        json.WriteEndObject();
        json.WriteNumber("elapsedSeconds", Math.Round(run.Elapsed.TotalSeconds, 6));
        json.WriteNumber("throughputPerSecond", Math.Round(run.Throughput, 3));
        WriteLatency(json, "latencyUs", run.Latency, Percentiles);
        if (run.SendLag.Count > 0)
        {
            WriteLatency(json, "sendLagUs", run.SendLag, [50, 99]);
        }

        json.WriteStartArray("errorsByStatus");
        foreach (var (code, count) in run.ErrorsByStatus)
        {
            json.WriteStartObject();
            json.WriteNumber("code", code);
            json.WriteString("name", GrpcStatus.Name(code));
            json.WriteNumber("count", count);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("completedPerSecond");
        foreach (var n in run.CompletedPerSecond)
        {
            json.WriteNumberValue(n);
        }

        json.WriteEndArray();
        json.WriteStartArray("latencyBucketsNs");
        foreach (var bucket in run.Latency.RecordedBuckets())
        {
            json.WriteStartArray();
            json.WriteNumberValue(bucket.LowestNanoseconds);
            json.WriteNumberValue(bucket.HighestNanoseconds);
            json.WriteNumberValue(bucket.Count);
            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteLatency(Utf8JsonWriter json, string name, LatencyHistogram histogram, IReadOnlyList<double> percentiles)
    {
        json.WriteStartObject(name);
        json.WriteNumber("count", histogram.Count);
        json.WriteNumber("min", histogram.MinNanoseconds / 1000.0);
        json.WriteNumber("mean", Math.Round(histogram.MeanNanoseconds / 1000.0, 3));
        foreach (var p in percentiles)
        {
            json.WriteNumber("p" + p.ToString(System.Globalization.CultureInfo.InvariantCulture), histogram.MicrosecondsAtPercentile(p));
        }

        json.WriteNumber("max", histogram.MaxNanoseconds / 1000.0);
        json.WriteEndObject();
    }

    private static void WriteRatio(Utf8JsonWriter json, string name, double numerator, double denominator)
    {
        if (denominator > 0)
        {
            json.WriteNumber(name, Math.Round(numerator / denominator, 4));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
