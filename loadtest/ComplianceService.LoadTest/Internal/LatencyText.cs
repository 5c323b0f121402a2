using System.Globalization;

namespace ComplianceService.LoadTest.Internal;

/// <summary>Latencies for people: "85.3 µs", "1.23 ms", "1.234 s".</summary>
internal static class LatencyText
{
    public static string Format(long nanoseconds)
    {
        var c = CultureInfo.InvariantCulture;
        return nanoseconds switch
        {
            < 1_000_000 => (nanoseconds / 1e3).ToString(nanoseconds < 100_000 ? "0.0" : "0", c) + " µs",
            < 1_000_000_000 => (nanoseconds / 1e6).ToString(nanoseconds < 100_000_000 ? "0.00" : "0.0", c) + " ms",
            _ => (nanoseconds / 1e9).ToString("0.000", c) + " s",
        };
    }
}
