using System.Globalization;
using System.Text.Json;

namespace ComplianceService.Store.Internal;

/// <summary>
/// The JSON form of an <see cref="ActivationRecord"/> used in the history list, on the channel and in the
/// snapshot header: <c>{"revision":"..","activatedAt":"ISO 8601 UTC","activatedBy":"..","previousRevision":".."}</c>.
/// The Lua activation script writes the same shape with cjson.
/// </summary>
internal static class ActivationRecordJson
{
    public static byte[] Serialize(ActivationRecord record)
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

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Parses a record; throws <see cref="FormatException"/> when it is not one.</summary>
    public static ActivationRecord Parse(ReadOnlySpan<byte> json)
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

            var revision = RequiredString(root, "revision");
            var activatedAt = ParseTime(RequiredString(root, "activatedAt"));
            var activatedBy = RequiredString(root, "activatedBy");
            string? previous = null;
            if (root.TryGetProperty("previousRevision"u8, out var previousElement) && previousElement.ValueKind == JsonValueKind.String)
            {
                previous = previousElement.GetString();
            }

            return new ActivationRecord(revision, activatedAt, activatedBy, previous);
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

    private static string RequiredString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String)
        {
            throw new FormatException("An activation record has no string member '" + name + "'.");
        }

        return element.GetString()!;
    }
}
