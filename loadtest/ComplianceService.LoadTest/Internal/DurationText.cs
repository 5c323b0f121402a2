using System.Globalization;

namespace ComplianceService.LoadTest.Internal;

/// <summary>Durations on the command line: "10" or "10s" (seconds), "500ms", "2m", "1.5s", or "00:00:10".</summary>
internal static class DurationText
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var t = text.Trim();
        var c = CultureInfo.InvariantCulture;
        if (t.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(t, c, out duration);
        }

        double scale;
        if (t.EndsWith("ms", StringComparison.OrdinalIgnoreCase))
        {
            scale = 1e-3;
            t = t[..^2];
        }
        else if (t.EndsWith('s') || t.EndsWith('S'))
        {
            scale = 1;
            t = t[..^1];
        }
        else if (t.EndsWith('m') || t.EndsWith('M'))
        {
            scale = 60;
            t = t[..^1];
        }
        else
        {
            scale = 1;
        }

        if (!double.TryParse(t, NumberStyles.Float, c, out var value) || !double.IsFinite(value) || value < 0)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(value * scale);
        return true;
    }
}
