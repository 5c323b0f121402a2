using System.Security.Cryptography;

namespace ComplianceService.Engine.UnitTests;

public sealed class BundleRevisionTests
{
    [Fact]
    public void The_revision_is_the_lowercase_hex_sha256_of_the_bytes()
    {
        var bytes = "policy"u8.ToArray();

        var revision = BundleRevision.Compute(bytes);

        Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), revision);
        Assert.True(BundleRevision.Matches(revision, bytes));
        Assert.False(BundleRevision.Matches(revision, "policY"u8));
        Assert.False(BundleRevision.Matches(revision.ToUpperInvariant(), bytes));
        Assert.False(BundleRevision.Matches(null, bytes));
    }
}
