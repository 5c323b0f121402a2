using System.Security.Cryptography;

namespace ComplianceService.Store.UnitTests;

/// <summary>Opaque test bundles: random bytes, since the store must not care what is inside.</summary>
internal static class Bundles
{
    public static (string Revision, byte[] Bytes) Random(int length = 2048)
    {
        var bytes = RandomNumberGenerator.GetBytes(length);
        return (Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes);
    }
}
