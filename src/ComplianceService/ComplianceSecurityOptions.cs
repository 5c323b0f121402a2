namespace ComplianceService;

/// <summary><c>Compliance:Security</c>: what the server trusts.</summary>
public sealed class ComplianceSecurityOptions
{
    /// <summary>
    /// Redis mode: the public keys (ECDSA P-256, PEM) whose signatures the server accepts on policy bundles and activations
    /// (<c>compliancectl --signing-key</c>). Each entry is the path of a PEM file (relative to the content root) or the PEM text
    /// itself. When any is set, the server serves only bundles and activations signed by one of them, from Redis and from
    /// the last good snapshot alike; when none is set, signatures are not checked.
    /// </summary>
    public List<string> PolicySigningKeys { get; set; } = [];
}
