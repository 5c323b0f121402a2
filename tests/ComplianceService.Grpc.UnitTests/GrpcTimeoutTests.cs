using ComplianceService.Grpc.Protocol;

namespace ComplianceService.Grpc.UnitTests;

public sealed class GrpcTimeoutTests
{
    public static TheoryData<string, long> Valid => new()
    {
        { "1H", TimeSpan.TicksPerHour },
        { "2M", 2 * TimeSpan.TicksPerMinute },
        { "30S", 30 * TimeSpan.TicksPerSecond },
        { "250m", 250 * TimeSpan.TicksPerMillisecond },
        { "1500u", 1500 * TimeSpan.TicksPerMicrosecond },
        { "1000n", 10 },
        { "1n", 1 },
        { "99999999S", 99_999_999 * TimeSpan.TicksPerSecond },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void ParsesEachUnit(string value, long expectedTicks)
    {
        Assert.True(GrpcTimeout.TryParse(value, out var timeout));
        Assert.Equal(expectedTicks, timeout.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10s")]
    [InlineData("10x")]
    [InlineData("-1S")]
    [InlineData("1.5S")]
    [InlineData("123456789S")]
    [InlineData(" 1S")]
    public void RejectsMalformedValues(string value)
    {
        Assert.False(GrpcTimeout.TryParse(value, out _));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(3_000L)]
    [InlineData(300 * TimeSpan.TicksPerMillisecond)]
    [InlineData(42 * TimeSpan.TicksPerSecond)]
    [InlineData(3 * TimeSpan.TicksPerDay)]
    [InlineData(400 * TimeSpan.TicksPerDay)]
    public void FormatFitsEightDigitsAndNeverShortens(long ticks)
    {
        var formatted = GrpcTimeout.Format(TimeSpan.FromTicks(ticks));

        Assert.True(formatted.Length <= 9, formatted);
        Assert.True(GrpcTimeout.TryParse(formatted, out var parsed), formatted);
        Assert.True(parsed.Ticks >= ticks, $"{formatted} is shorter than {ticks} ticks");
    }

    [Fact]
    public void ExpiredTimeoutFormatsAsTheSmallestValue()
    {
        Assert.Equal("1n", GrpcTimeout.Format(TimeSpan.FromSeconds(-5)));
    }
}
