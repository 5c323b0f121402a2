using ComplianceService.Grpc.Protocol;

namespace ComplianceService.Grpc.UnitTests;

public sealed class MetadataTests
{
    [Fact]
    public void BinaryValuesAreSentAsUnpaddedBase64()
    {
        var entry = new MetadataEntry("x-blob-bin", [0xFF, 0x00]);

        Assert.Equal("/wA", entry.ToWireValue());
    }

    [Theory]
    [InlineData("/wA")]
    [InlineData("/wA=")]
    public void BinaryValuesAreReadPaddedOrNot(string wire)
    {
        var metadata = new Metadata();

        Assert.True(metadata.AddFromWire("x-blob-bin", wire));
        Assert.Equal(new byte[] { 0xFF, 0x00 }, metadata.GetValueBytes("x-blob-bin"));
    }

    [Fact]
    public void InvalidBase64IsSkippedNotThrown()
    {
        var metadata = new Metadata();

        Assert.False(metadata.AddFromWire("x-blob-bin", "!!not base64!!"));
        Assert.Empty(metadata);
    }

    [Fact]
    public void KeysAreLowerCasedAndValidated()
    {
        var metadata = new Metadata().Add("X-Trace-Id", "abc");

        Assert.Equal("x-trace-id", metadata[0].Key);
        Assert.Throws<ArgumentException>(() => new Metadata().Add("bad key", "v"));
        Assert.Throws<ArgumentException>(() => new Metadata().Add("x-blob-bin", "text for a binary key"));
        Assert.Throws<ArgumentException>(() => new Metadata().Add("x-text", [1, 2]));
    }

    [Fact]
    public void ProtocolHeadersAreReserved()
    {
        Assert.True(Metadata.IsReservedKey("grpc-timeout"));
        Assert.True(Metadata.IsReservedKey(":path"));
        Assert.True(Metadata.IsReservedKey("content-type"));
        Assert.False(Metadata.IsReservedKey("x-trace-id"));
    }

    [Fact]
    public void NonAsciiValueOrBadKeyFromThePeerIsSkippedNotThrown()
    {
        var metadata = new Metadata();

        Assert.False(metadata.AddFromWire("x-name", "caf\u00e9"));
        Assert.False(metadata.AddFromWire("bad key", "v"));
        Assert.True(metadata.AddFromWire("x-name", "cafe"));
        Assert.Single(metadata);
    }
}
