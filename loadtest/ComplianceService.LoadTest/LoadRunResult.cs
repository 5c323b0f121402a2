namespace ComplianceService.LoadTest;

/// <summary>What one measured run saw.</summary>
public sealed class LoadRunResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="label">What was loaded, for tables and chart legends.</param>
    /// <param name="profile">The run's shape.</param>
    /// <param name="latency">Latency of every completed call (OK or not), from its intended send
    /// time (open loop) or its actual send time (closed loop).</param>
    /// <param name="counts">The run's counts.</param>
    /// <param name="errorsByStatus">Completed calls whose status was not OK, by status code.</param>
    /// <param name="completedPerSecond">Completions in each second since the measured phase began.</param>
    /// <param name="elapsed">From the start of the measured phase to the last completion.</param>
    /// <param name="sendLag">Open loop: how late each request was handed to the target against its
    /// intended send time (the generator's own precision); empty for a closed loop.</param>
    public LoadRunResult(
        string label,
        LoadProfile profile,
        LatencyHistogram latency,
        LoadCounts counts,
        IReadOnlyDictionary<int, long> errorsByStatus,
        IReadOnlyList<long> completedPerSecond,
        TimeSpan elapsed,
        LatencyHistogram sendLag)
    {
        Label = label;
        Profile = profile;
        Latency = latency;
        Counts = counts;
        ErrorsByStatus = errorsByStatus;
        CompletedPerSecond = completedPerSecond;
        Elapsed = elapsed;
        SendLag = sendLag;
    }

    /// <summary>What was loaded.</summary>
    public string Label { get; }

    /// <summary>The run's shape.</summary>
    public LoadProfile Profile { get; }

    /// <summary>Latency of every completed call.</summary>
    public LatencyHistogram Latency { get; }

    /// <summary>Sent, completed, OK, backlogged, abandoned.</summary>
    public LoadCounts Counts { get; }

    /// <summary>Completed calls with a status other than OK, by status code.</summary>
    public IReadOnlyDictionary<int, long> ErrorsByStatus { get; }

    /// <summary>Completions in each second of the measured phase.</summary>
    public IReadOnlyList<long> CompletedPerSecond { get; }

    /// <summary>From the start of the measured phase to the last completion.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Open loop: how late requests went out against their intended send time.</summary>
    public LatencyHistogram SendLag { get; }

    /// <summary>Completed calls per second over <see cref="Elapsed"/>.</summary>
    public double Throughput => Elapsed > TimeSpan.Zero ? Counts.Completed / Elapsed.TotalSeconds : 0;

    /// <summary>Completed calls that were not OK.</summary>
    public long Errors => Counts.Completed - Counts.Ok;
}
