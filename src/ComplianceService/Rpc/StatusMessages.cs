namespace ComplianceService.Rpc;

/// <summary>
/// Status messages that quote the caller: at most a short prefix of what the caller sent. A status message
/// travels in the <c>grpc-message</c> trailer, and a client's header limit (8 KiB in gRPC C-core) turns a long
/// echo into RESOURCE_EXHAUSTED instead of the status meant.
/// </summary>
internal static class StatusMessages
{
    /// <summary>The most characters of caller text a status message repeats.</summary>
    public const int MaxQuotedLength = 64;

    /// <summary>The most characters of a whole status message.</summary>
    public const int MaxLength = 512;

    /// <summary><paramref name="message"/> with each occurrence of <paramref name="callerText"/> cut to its first
    /// <see cref="MaxQuotedLength"/> characters (and its length), and the whole cut to <see cref="MaxLength"/>.</summary>
    public static string Bounded(string message, string? callerText)
    {
        if (callerText is { Length: > MaxQuotedLength } && message.Contains(callerText, StringComparison.Ordinal))
        {
            // Never cut a surrogate pair in two.
            var cut = char.IsHighSurrogate(callerText[MaxQuotedLength - 1]) ? MaxQuotedLength - 1 : MaxQuotedLength;
            var quoted = string.Concat(callerText.AsSpan(0, cut), "...");
            message = message.Replace(callerText, quoted, StringComparison.Ordinal)
                + " (" + callerText.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " characters)";
        }

        return message.Length <= MaxLength ? message : string.Concat(message.AsSpan(0, MaxLength - 3), "...");
    }
}
