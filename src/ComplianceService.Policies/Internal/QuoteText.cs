using System.Text;

namespace ComplianceService.Policies.Internal;

/// <summary>How a rule's quote is matched against its seed document: whitespace runs collapse to
/// one space, and a quote may join several verbatim fragments with "…" (U+2026).</summary>
internal static class QuoteText
{
    public const char FragmentSeparator = '\u2026';

    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>The first fragment of the quote not found in the normalized seed text, or null.</summary>
    public static string? FindMissingFragment(string quote, string normalizedSeed)
    {
        foreach (var fragment in quote.Split(FragmentSeparator))
        {
            var normalized = Normalize(fragment);
            if (normalized.Length > 0 && !normalizedSeed.Contains(normalized, StringComparison.Ordinal))
            {
                return normalized;
            }
        }

        return null;
    }
}
