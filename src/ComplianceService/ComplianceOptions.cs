using ComplianceService.Store;

namespace ComplianceService;

/// <summary>
/// The <c>Compliance</c> configuration section, bound once and validated at start-up
/// (<see cref="ComplianceServiceCollectionExtensions.AddComplianceService"/>).
/// </summary>
public sealed class ComplianceOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Compliance";

    /// <summary>The connection string name that switches on Redis mode (<c>ConnectionStrings:Redis</c>).</summary>
    public const string RedisConnectionName = "Redis";

    /// <summary>
    /// The policy files compiled at start-up in embedded mode (no Redis configured), relative to the content
    /// root. Default: the <c>policies</c> folder copied beside the server's binaries from the repository.
    /// </summary>
    public string? PoliciesPath { get; set; }

    /// <summary>
    /// <c>Compliance:Store</c>: the Redis policy store and its distributor (Redis mode only). The connection
    /// comes from <c>ConnectionStrings:Redis</c>; a relative <c>SnapshotPath</c> is resolved against the content root.
    /// </summary>
    public PolicyStoreOptions Store { get; set; } = new();

    /// <summary><c>Compliance:Audit</c>: the decision audit trail.</summary>
    public ComplianceAuditOptions Audit { get; set; } = new();

    /// <summary><c>Compliance:Grpc</c>: the gRPC server's limits and error details.</summary>
    public ComplianceGrpcOptions Grpc { get; set; } = new();

    /// <summary><c>Compliance:Security</c>: caller authentication, the per-caller rate limit, insecure listening, and the
    /// policy signing keys the server trusts.</summary>
    public ComplianceSecurityOptions Security { get; set; } = new();

    /// <summary><c>Compliance:Metrics</c>: the OpenTelemetry metrics and <c>/metrics</c>.</summary>
    public ComplianceMetricsOptions Metrics { get; set; } = new();

    /// <summary><c>Compliance:Telemetry</c>: OTLP export and traces.</summary>
    public ComplianceTelemetryOptions Telemetry { get; set; } = new();

    /// <summary>True when <c>ConnectionStrings:Redis</c> is set: policies come from the shared store.</summary>
    internal bool RedisConfigured { get; set; }
}
