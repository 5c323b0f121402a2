namespace ComplianceService.LoadTest;

/// <summary>The shape of one run.</summary>
public sealed record LoadProfile
{
    /// <summary>Open (fixed rate) or closed (N back-to-back callers). Default open.</summary>
    public LoadMode Mode { get; init; } = LoadMode.Open;

    /// <summary>Open loop: requests per second. Default 1000.</summary>
    public double Rate { get; init; } = 1000;

    /// <summary>How long the measured phase offers load. Default 10 s.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The same load before measuring (connections, JIT, server warm-up); not recorded. Default 2 s.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Closed loop: concurrent callers. Default 1.</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>Open loop: calls in flight at most. A request due while the cap is reached waits
    /// (counted as backlogged) and is still measured from its intended send time. Default 10,000.</summary>
    public int MaxInFlight { get; init; } = 10_000;

    /// <summary>How long to wait, after the load ends, for calls still in flight and backlogged
    /// requests; what is left is counted as abandoned. Default 10 s.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws when a value is out of range, naming it.</summary>
    public void Validate()
    {
        if (Mode == LoadMode.Open && !(Rate > 0 && double.IsFinite(Rate)))
        {
            throw new ArgumentOutOfRangeException(nameof(Rate), Rate, "rate must be a positive number of requests per second");
        }

        if (Duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Duration), Duration, "duration must be positive");
        }

        if (Warmup < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Warmup), Warmup, "warmup must not be negative");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(DrainTimeout, TimeSpan.Zero);
    }
}
