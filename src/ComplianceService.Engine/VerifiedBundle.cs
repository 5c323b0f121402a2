using System.Diagnostics.CodeAnalysis;

namespace ComplianceService.Engine;

/// <summary>
/// Bundle bytes whose SHA-256 has been checked against (or has computed) their <see cref="Revision"/>. Made only by hashing,
/// so whoever holds one (the engine loading it, the last good snapshot writing it) need not hash it again.
/// </summary>
/// <remarks>The bytes are not copied: whoever made it must not change them afterwards.</remarks>
public sealed class VerifiedBundle
{
    private VerifiedBundle(string revision, ReadOnlyMemory<byte> bytes)
    {
        Revision = revision;
        Bytes = bytes;
    }

    /// <summary>The bundle's revision: the lowercase hex SHA-256 of <see cref="Bytes"/>.</summary>
    public string Revision { get; }

    /// <summary>The serialized <c>compliance.policy.v1.PolicyBundle</c>.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>Hashes <paramref name="bytes"/> to name them.</summary>
    public static VerifiedBundle Of(ReadOnlyMemory<byte> bytes) => new(BundleRevision.Compute(bytes.Span), bytes);

    /// <summary>Hashes <paramref name="bytes"/> and accepts them if they are <paramref name="revision"/>'s bundle.</summary>
    public static bool TryVerify(string? revision, ReadOnlyMemory<byte> bytes, [NotNullWhen(true)] out VerifiedBundle? bundle)
    {
        bundle = BundleRevision.Matches(revision, bytes.Span) ? new VerifiedBundle(revision!, bytes) : null;
        return bundle is not null;
    }
}
