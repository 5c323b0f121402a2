using System.Diagnostics.Metrics;
using System.Security.Cryptography;

namespace ComplianceService.Engine;

/// <summary>
/// A bundle's revision: the lowercase hex SHA-256 of its bytes. The one place a bundle is hashed, by the compiler, the store,
/// the last good snapshot and the distributor alike.
/// </summary>
/// <remarks>
/// Every hash is counted on the <see cref="MeterName"/> meter (<c>compliance.policy.bundle.hashes</c>, tagged with the
/// revision computed), so the cost of verification is visible: a server hashes each bundle once per activation.
/// </remarks>
public static class BundleRevision
{
    /// <summary>The meter that counts bundle hashes.</summary>
    public const string MeterName = "ComplianceService.Policy";

    /// <summary>The counter of bundle hashes on <see cref="MeterName"/>.</summary>
    public const string HashesInstrument = "compliance.policy.bundle.hashes";

    /// <summary>Length of a revision string (64 hex digits).</summary>
    public const int Length = SHA256.HashSizeInBytes * 2;

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Hashes = Meter.CreateCounter<long>(HashesInstrument, "{hash}", "Bundles hashed to check or compute their revision.");

    /// <summary>Computes the revision of <paramref name="bundle"/>.</summary>
    public static string Compute(ReadOnlySpan<byte> bundle)
    {
        var revision = Convert.ToHexStringLower(SHA256.HashData(bundle));
        Hashes.Add(1, new KeyValuePair<string, object?>("revision", revision));
        return revision;
    }

    /// <summary>Whether <paramref name="revision"/> is the revision of <paramref name="bundle"/>.</summary>
    public static bool Matches(string? revision, ReadOnlySpan<byte> bundle) =>
        IsWellFormed(revision) && string.Equals(Compute(bundle), revision, StringComparison.Ordinal);

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
