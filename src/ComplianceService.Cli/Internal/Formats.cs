using System.Globalization;

namespace ComplianceService.Cli.Internal;

/// <summary>How times and revisions are printed.</summary>
internal static class Formats
{
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Short(string? revision) => revision is null ? "(none)" : revision.Length > 12 ? revision[..12] : revision;
}
