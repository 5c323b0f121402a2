using System.Security.Cryptography;

namespace ComplianceService.Store;

/// <summary>A bundle's revision: the lowercase hex SHA-256 of its bytes.</summary>
public static class BundleRevision
{
    /// <summary>Length of a revision string (64 hex digits).</summary>
    public const int Length = SHA256.HashSizeInBytes * 2;

    /// <summary>Computes the revision of <paramref name="bundle"/>.</summary>
    public static string Compute(ReadOnlySpan<byte> bundle) => Convert.ToHexStringLower(SHA256.HashData(bundle));

    /// <summary>Whether <paramref name="revision"/> is the revision of <paramref name="bundle"/>.</summary>
    public static bool Matches(string? revision, ReadOnlySpan<byte> bundle)
    {
        if (!IsWellFormed(revision))
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bundle, hash);
        Span<char> hex = stackalloc char[Length];
        Convert.TryToHexStringLower(hash, hex, out _);
        return hex.SequenceEqual(revision);
    }

    /// <summary>Whether <paramref name="revision"/> has the shape of a revision: 64 lowercase hex digits.</summary>
    public static bool IsWellFormed(string? revision)
    {
        if (revision is null || revision.Length != Length)
        {
            return false;
        }

        foreach (var c in revision)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }
}
