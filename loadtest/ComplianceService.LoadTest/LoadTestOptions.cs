namespace ComplianceService.LoadTest;

/// <summary>Everything the command line asked for (recorded in the JSON result).</summary>
public sealed record LoadTestOptions
{
    /// <summary>The server to load.</summary>
    public required Uri Target { get; init; }

    /// <summary>A second server URL, or "health" to compare against the health check on the same
    /// server; null for a single run.</summary>
    public string? Compare { get; init; }

    /// <summary>Which requests.</summary>
    public MixKind Mix { get; init; } = MixKind.Mixed;

    /// <summary>Which target implementation (<see cref="LoadTargets"/>).</summary>
    public string Client { get; init; } = LoadTargets.Typed;

    /// <summary>Connections and deadline.</summary>
    public LoadTargetSettings TargetSettings { get; init; } = new();

    /// <summary>Mode, rate, duration, warm-up, concurrency.</summary>
    public LoadProfile Profile { get; init; } = new();

    /// <summary>The mix's random seed.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Where to write the JSON result, or null.</summary>
    public string? JsonPath { get; init; }

    /// <summary>Where to write the SVG chart, or null.</summary>
    public string? SvgPath { get; init; }
}
