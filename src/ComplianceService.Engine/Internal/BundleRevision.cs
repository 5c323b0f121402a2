using System.Security.Cryptography;

namespace ComplianceService.Engine.Internal;

/// <summary>The revision of a bundle: lowercase hex SHA-256 of its bytes.</summary>
internal static class BundleRevision
{
    public static string Of(ReadOnlySpan<byte> bundle) => Convert.ToHexStringLower(SHA256.HashData(bundle));
}
