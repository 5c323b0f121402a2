using System.Globalization;
using System.Text.Json;

namespace ComplianceService.Store.Internal;

/// <summary>
/// The JSON form of an <see cref="ActivationRecord"/> used in the history list and in the snapshot header:
/// <c>{"revision":"..","activatedAt":"ISO 8601 UTC","activatedBy":"..","previousRevision":"..","sequence":N,"signature":".."}</c>
/// (<c>signature</c> only when signed; the snapshot header adds <c>bundleSignature</c>).
/// The Lua activation script writes the same shape with cjson. <c>previousRevision</c> is absent for a first activation,
/// <c>sequence</c> when unknown (records written before there were sequence numbers).
/// </summary>
internal static class ActivationRecordJson
{
    /// <summary>Writes a record; <paramref name="bundleSignature"/> (the last good snapshot's header only) goes in <c>bundleSignature</c>.</summary>
    public static byte[] Serialize(ActivationRecord record, string? bundleSignature = null)
    {
        using var buffer = new MemoryStream(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("revision"u8, record.Revision);
            writer.WriteString("activatedAt"u8, FormatTime(record.ActivatedAt));
            writer.WriteString("activatedBy"u8, record.ActivatedBy);
            if (record.PreviousRevision is not null)
            {
                writer.WriteString("previousRevision"u8, record.PreviousRevision);
            }

            if (record.Sequence != 0)
            {
                writer.WriteNumber("sequence"u8, record.Sequence);
            }

            if (record.Signature is not null)
            {
                writer.WriteString("signature"u8, record.Signature);
            }

            if (bundleSignature is not null)
            {
                writer.WriteString("bundleSignature"u8, bundleSignature);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Parses a record; throws <see cref="FormatException"/> when it is not one.</summary>
    public static ActivationRecord Parse(ReadOnlySpan<byte> json) => Parse(json, out _);

    /// <summary>Parses a record and the <c>bundleSignature</c> member beside it (the last good snapshot's header).</summary>
    public static ActivationRecord Parse(ReadOnlySpan<byte> json, out string? bundleSignature)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("An activation record must be a JSON object.");
            }

            bundleSignature = OptionalString(root, "bundleSignature"u8);
            var revision = RequiredString(root, "revision");
            var activatedAt = ParseTime(RequiredString(root, "activatedAt"));
            var activatedBy = RequiredString(root, "activatedBy");
            string? previous = null;
            if (root.TryGetProperty("previousRevision"u8, out var previousElement) && previousElement.ValueKind == JsonValueKind.String)
            {
                previous = previousElement.GetString();
            }

            long sequence = 0;
            if (root.TryGetProperty("sequence"u8, out var sequenceElement) && !TryGetSequence(sequenceElement, out sequence))
            {
                throw new FormatException("An activation record's sequence is not a whole number.");
            }

            return new ActivationRecord(revision, activatedAt, activatedBy, previous)
            {
                Sequence = sequence,
                Signature = OptionalString(root, "signature"u8),
            };
        }
        catch (JsonException ex)
        {
            throw new FormatException("An activation record is not valid JSON.", ex);
        }
    }

    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string text)
    {
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            throw new FormatException("A time in an activation record is not ISO 8601.");
        }

        return time;
    }

    /// <summary>Parses a sequence number as the active pointer keeps it (decimal text); 0 for none.</summary>
    public static bool TryParseSequence(string? text, out long sequence)
    {
        sequence = 0;
        return text is null || (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out sequence) && sequence >= 0);
    }

    // cjson writes a Lua number; a large one may come out as 1.7e+12 rather than digits, which GetInt64 refuses.
    private static bool TryGetSequence(JsonElement element, out long sequence)
    {
        sequence = 0;
        if (element.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        if (element.TryGetInt64(out sequence))
        {
            return sequence >= 0;
        }

        if (element.TryGetDouble(out var number) && number >= 0 && number <= 9e15 && Math.Floor(number) == number)
        {
            sequence = (long)number;
            return true;
        }

        return false;
    }

    private static string? OptionalString(JsonElement root, ReadOnlySpan<byte> name) =>
        root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String ? element.GetString() : null;

    private static string RequiredString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String)
        {
            throw new FormatException("An activation record has no string member '" + name + "'.");
        }

        return element.GetString()!;
    }
}
