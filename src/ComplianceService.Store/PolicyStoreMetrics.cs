namespace ComplianceService.Store;

/// <summary>Names of the policy distribution metrics (for OpenTelemetry or a <c>MeterListener</c>).</summary>
public static class PolicyStoreMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "ComplianceService.Store";

    /// <summary>Counter: reconnections to the store after an outage.</summary>
    public const string Reconnects = "compliance.store.reconnects";

    /// <summary>Counter: bundles refused (verification failed, missing, or the engine refused them).</summary>
    public const string BundlesRefused = "compliance.store.bundles_refused";

    /// <summary>Counter: revisions activated on this instance.</summary>
    public const string Activations = "compliance.store.activations";

    /// <summary>Gauge: 1 while the store is reachable, else 0.</summary>
    public const string Connected = "compliance.store.connected";

    /// <summary>Tag carried by every measurement: the instance id.</summary>
    public const string InstanceTag = "instance";
}
