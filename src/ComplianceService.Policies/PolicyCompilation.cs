namespace ComplianceService.Policies;

/// <summary>The result of compiling policy sources.</summary>
public sealed class PolicyCompilation
{
    internal PolicyCompilation(IReadOnlyList<PolicyDiagnostic> diagnostics, byte[]? bundle, string? revision, CoverageReport? coverage)
    {
        Diagnostics = diagnostics;
        Bundle = bundle;
        Revision = revision;
        Coverage = coverage;
    }

    /// <summary>True when the bundle was produced (no diagnostics).</summary>
    public bool Succeeded => Bundle is not null;

    /// <summary>Every error found, with file and line. Empty on success.</summary>
    public IReadOnlyList<PolicyDiagnostic> Diagnostics { get; }

    /// <summary>The serialized <c>compliance.policy.v1.PolicyBundle</c>, or null on failure.</summary>
    public byte[]? Bundle { get; }

    /// <summary>Lowercase hex SHA-256 of <see cref="Bundle"/>, or null on failure.</summary>
    public string? Revision { get; }

    /// <summary>Coverage of the compiled tables, or null on failure.</summary>
    public CoverageReport? Coverage { get; }
}
