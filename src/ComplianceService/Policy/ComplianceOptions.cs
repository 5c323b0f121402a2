namespace ComplianceService.Policy;

/// <summary>The <c>Compliance</c> configuration section (besides <c>Compliance:Grpc</c>).</summary>
public sealed class ComplianceOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Compliance";

    /// <summary>
    /// The policy files compiled at start-up in embedded mode (no Redis configured). Default: the
    /// <c>policies</c> folder copied beside the server's binaries from the repository.
    /// </summary>
    public string? PoliciesPath { get; set; }

    /// <summary>Redis key prefix of the shared policy store.</summary>
    public string KeyPrefix { get; set; } = "compliance:";

    /// <summary>The last good snapshot on local disk (Redis mode), served at a cold start when Redis is unreachable.</summary>
    public string SnapshotPath { get; set; } = ".data/last-good.bundle";

    /// <summary>This instance's name in the store's "which servers have loaded what"; default host name and process id.</summary>
    public string? InstanceId { get; set; }
}
