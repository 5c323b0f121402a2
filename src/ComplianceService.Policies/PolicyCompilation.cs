using System.Diagnostics.CodeAnalysis;
using ComplianceService.Engine;

namespace ComplianceService.Policies;

/// <summary>The result of compiling policy sources.</summary>
public sealed class PolicyCompilation
{
    internal PolicyCompilation(IReadOnlyList<PolicyDiagnostic> diagnostics, byte[]? bundle, CoverageReport? coverage)
    {
        Diagnostics = diagnostics;
        Bundle = bundle;
        Verified = bundle is null ? null : VerifiedBundle.Of(bundle);
        Coverage = coverage;
    }

    /// <summary>True when the bundle was produced (no diagnostics).</summary>
    [MemberNotNullWhen(true, nameof(Bundle), nameof(Verified), nameof(Revision))]
    public bool Succeeded => Bundle is not null;

    /// <summary>Every error found, with file and line. Empty on success.</summary>
    public IReadOnlyList<PolicyDiagnostic> Diagnostics { get; }

    /// <summary>The serialized <c>compliance.policy.v1.PolicyBundle</c>, or null on failure.</summary>
    public byte[]? Bundle { get; }

    /// <summary>Lowercase hex SHA-256 of <see cref="Bundle"/>, or null on failure.</summary>
    public string? Revision => Verified?.Revision;

    /// <summary>The bundle named by its revision, ready for <see cref="PolicySnapshot.Load(VerifiedBundle)"/>; null on failure.</summary>
    public VerifiedBundle? Verified { get; }

    /// <summary>Coverage of the compiled tables, or null on failure.</summary>
    public CoverageReport? Coverage { get; }
}
