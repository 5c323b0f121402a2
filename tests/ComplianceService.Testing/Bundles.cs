using System.Security.Cryptography;
using ComplianceService.Engine;

namespace ComplianceService.Testing;

/// <summary>Opaque test bundles: random bytes, since the store and the distributor must not care what is inside.</summary>
public static class Bundles
{
    /// <summary>Random bytes and their revision, computed here independently of the code under test.</summary>
    public static (string Revision, byte[] Bytes) Random(int length = 2048)
    {
        var bytes = RandomNumberGenerator.GetBytes(length);
        return (Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes);
    }

    /// <summary>Random bytes as a bundle already verified, for a writer that takes only those.</summary>
    public static VerifiedBundle RandomVerified(int length = 2048) => VerifiedBundle.Of(RandomNumberGenerator.GetBytes(length));
}
