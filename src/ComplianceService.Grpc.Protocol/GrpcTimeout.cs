using System.Globalization;

namespace ComplianceService.Grpc.Protocol;

/// <summary>
/// The <c>grpc-timeout</c> header: at most 8 ASCII digits followed by a unit
/// (H hours, M minutes, S seconds, m milliseconds, u microseconds, n nanoseconds).
/// </summary>
public static class GrpcTimeout
{
    private const long MaxValue = 99_999_999;

    /// <summary>Parses a <c>grpc-timeout</c> value.</summary>
    /// <returns>False when the value is not 1 to 8 digits followed by a valid unit.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, out TimeSpan timeout)
    {
        timeout = default;
        if (value.Length < 2 || value.Length > 9)
        {
            return false;
        }

        long amount = 0;
        var digits = value[..^1];
        foreach (var c in digits)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }

            amount = (amount * 10) + (c - '0');
        }

        long ticks;
        switch (value[^1])
        {
            case 'H':
                ticks = amount * TimeSpan.TicksPerHour;
                break;
            case 'M':
                ticks = amount * TimeSpan.TicksPerMinute;
                break;
            case 'S':
                ticks = amount * TimeSpan.TicksPerSecond;
                break;
            case 'm':
                ticks = amount * TimeSpan.TicksPerMillisecond;
                break;
            case 'u':
                ticks = amount * TimeSpan.TicksPerMicrosecond;
                break;
            case 'n':
                // A tick is 100 ns; round up so that a tiny timeout is not read as "none".
                ticks = (amount + 99) / 100;
                break;
            default:
                return false;
        }

        timeout = TimeSpan.FromTicks(ticks);
        return true;
    }

    /// <summary>
    /// Formats a timeout with the finest unit whose value fits in 8 digits (rounding up, so the
    /// server never sees a shorter deadline than the client's). Zero or negative timeouts format as <c>1n</c> (already expired).
    /// </summary>
    public static string Format(TimeSpan timeout)
    {
        var ticks = Math.Max(timeout.Ticks, 0);
        if (ticks == 0)
        {
            return "1n";
        }

        // From the finest unit to the coarsest: the first whose value fits in 8 digits.
        if (ticks <= MaxValue / 100)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{ticks * 100}n");
        }

        if (CeilDiv(ticks, TimeSpan.TicksPerMicrosecond) <= MaxValue)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{CeilDiv(ticks, TimeSpan.TicksPerMicrosecond)}u");
        }

        if (CeilDiv(ticks, TimeSpan.TicksPerMillisecond) <= MaxValue)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{CeilDiv(ticks, TimeSpan.TicksPerMillisecond)}m");
        }

        if (CeilDiv(ticks, TimeSpan.TicksPerSecond) <= MaxValue)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{CeilDiv(ticks, TimeSpan.TicksPerSecond)}S");
        }

        if (CeilDiv(ticks, TimeSpan.TicksPerMinute) <= MaxValue)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{CeilDiv(ticks, TimeSpan.TicksPerMinute)}M");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Math.Min(CeilDiv(ticks, TimeSpan.TicksPerHour), MaxValue)}H");
    }

    private static long CeilDiv(long value, long divisor) => (value + divisor - 1) / divisor;
}
