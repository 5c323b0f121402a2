namespace ComplianceService;

/// <summary>
/// <c>Compliance:Security</c>: who may call, how often, what the server refuses to run without, and which policy
/// signing keys it trusts. Caller
/// authentication itself is standard ASP.NET Core configuration: a client certificate CA here
/// (<see cref="ClientCertificateAuthority"/>) with Kestrel's <c>ClientCertificateMode</c>, or OAuth2 bearer tokens
/// under <c>Authentication:Schemes:Bearer</c>.
/// </summary>
public sealed class ComplianceSecurityOptions
{
    /// <summary>
    /// Redis mode: the public keys (ECDSA P-256, PEM) whose signatures the server accepts on policy bundles and activations
    /// (<c>compliancectl --signing-key</c>). Each entry is the path of a PEM file (relative to the content root) or the PEM text
    /// itself. When any is set, the server serves only bundles and activations signed by one of them, from Redis and from
    /// the last good snapshot alike; when none is set, signatures are not checked.
    /// </summary>
    public List<string> PolicySigningKeys { get; set; } = [];

    /// <summary>
    /// A PEM file with the CA certificate(s) that client certificates must chain to (custom root trust; the system
    /// store is not consulted). When set, the compliance methods require a valid client certificate or, when also
    /// configured, a bearer token. Relative to the content root.
    /// </summary>
    public string? ClientCertificateAuthority { get; set; }

    /// <summary>
    /// Lets a server listen beyond loopback without TLS and caller authentication. Default false: such a server
    /// refuses to start. Loopback-only listening without either is always allowed (development, embedded use).
    /// </summary>
    public bool AllowInsecure { get; set; }

    /// <summary>
    /// The longest a unary call may run, deadline or not: a call without a <c>grpc-timeout</c>, or with a longer one,
    /// gets this deadline (DEADLINE_EXCEEDED), so a caller that sends headers and no body holds neither a request nor
    /// shutdown for longer. Default 5 s (a decision takes microseconds).
    /// </summary>
    public TimeSpan MaxUnaryCallDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>Compliance:Security:RateLimit</c>: the per-caller rate of compliance calls. Off by default.</summary>
    public ComplianceRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>True when <c>Authentication:Schemes:Bearer</c> is configured (set when the options are bound).</summary>
    internal bool BearerConfigured { get; set; }

    /// <summary>True when a client certificate CA is configured.</summary>
    internal bool CertificateConfigured => !string.IsNullOrWhiteSpace(ClientCertificateAuthority);

    /// <summary>True when callers of the compliance methods must prove who they are.</summary>
    internal bool AuthenticationConfigured => CertificateConfigured || BearerConfigured;
}

/// <summary>
/// <c>Compliance:Security:RateLimit</c>: a token bucket per caller (the caller's identity when authenticated, else its
/// IP address) over the compliance methods; health and reflection are not limited. A call over the limit is answered
/// RESOURCE_EXHAUSTED at once (nothing is queued).
/// </summary>
public sealed class ComplianceRateLimitOptions
{
    /// <summary>Calls per second each caller may make on average; 0 (the default) turns the limit off.</summary>
    public int PermitsPerSecond { get; set; }

    /// <summary>How many calls a caller may make at once above the average (the bucket's size); 0 means <see cref="PermitsPerSecond"/>.</summary>
    public int Burst { get; set; }

    /// <summary>True when a limit is configured.</summary>
    internal bool Enabled => PermitsPerSecond > 0;
}
