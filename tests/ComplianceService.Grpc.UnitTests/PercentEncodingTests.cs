using ComplianceService.Grpc.Protocol;

namespace ComplianceService.Grpc.UnitTests;

public sealed class PercentEncodingTests
{
    [Theory]
    [InlineData("plain ASCII stays", "plain ASCII stays")]
    [InlineData("100%", "100%25")]
    [InlineData("line\nbreak", "line%0Abreak")]
    [InlineData("é", "%C3%A9")]
    [InlineData("", "")]
    public void EncodesNonPrintableAndPercent(string message, string expected)
    {
        Assert.Equal(expected, PercentEncoding.Encode(message));
    }

    [Theory]
    [InlineData("Déjà vu: 100% refusé\nnext line")]
    [InlineData("emoji 🚓 and tab\t")]
    public void RoundTrips(string message)
    {
        Assert.Equal(message, PercentEncoding.Decode(PercentEncoding.Encode(message)));
    }

    [Theory]
    [InlineData("50%")]
    [InlineData("50%Z1")]
    [InlineData("%4")]
    public void MalformedEscapesAreKeptAsTheyAre(string value)
    {
        Assert.Equal(value, PercentEncoding.Decode(value));
    }
}
