using System.Buffers;
using System.Text;
using System.Text.Json;
using ComplianceService.Audit;
using ComplianceService.Engine.Internal;

namespace ComplianceService.Wire;

/// <summary>
/// The pieces of an audit record's JSON that do not change from call to call, as UTF-8 made once by
/// <see cref="Utf8JsonWriter"/> (so escaped exactly as the serializer escapes them): each field as
/// <c>,"name":value</c>, the vocabulary's wire names by number, and the one test of whether a string needs escaping.
/// <see cref="DecisionAuditRecord"/> puts them together with the per-call values.
/// </summary>
internal static class AuditJsonText
{
    /// <summary>The record's opening, up to the decision id's value: <c>{"decision_id":</c>.</summary>
    public static readonly byte[] Start = [(byte)'{', .. Name(AuditRecord.Names.DecisionId).AsSpan(1)];

    public static readonly byte[] Time = Name(AuditRecord.Names.Time);
    public static readonly byte[] Method = Name(AuditRecord.Names.Method);
    public static readonly byte[] Caller = Name(AuditRecord.Names.Caller);
    public static readonly byte[] Peer = Name(AuditRecord.Names.Peer);
    public static readonly byte[] Facts = Name(AuditRecord.Names.Facts);
    public static readonly byte[] UnknownFacts = Name(AuditRecord.Names.UnknownFacts);
    public static readonly byte[] AsOf = Name(AuditRecord.Names.AsOf);
    public static readonly byte[] IncidentId = Name(AuditRecord.Names.IncidentId);

    public static readonly EnumText Contacts = new(AuditRecord.Names.Contact, WireNames.Contacts);
    public static readonly EnumText Roles = new(AuditRecord.Names.Role, WireNames.Roles);
    public static readonly EnumText Crimes = new(AuditRecord.Names.Crime, WireNames.Crimes);
    public static readonly EnumText Requests = new(AuditRecord.Names.Request, WireNames.Requests);
    public static readonly EnumText Agencies = new(AuditRecord.Names.Agency, WireNames.Agencies);

    /// <summary>Fact names as array items: <c>"FACT_STATE_CHARGE"</c>.</summary>
    public static readonly EnumText FactItems = new(null, WireNames.Facts);

    // What System.Text.Json's default encoder writes as it is: printable ASCII but the quote, the backslash and the
    // HTML-sensitive <, >, &, ', + and `. AuditRecordJsonTests checks this set against the encoder, character by character.
    private static readonly SearchValues<char> Plain = SearchValues.Create(
        [.. Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c).Where(c => !"\"\\<>&'+`".Contains(c, StringComparison.Ordinal))]);

    /// <summary>Whether <paramref name="text"/> is written as it is in a JSON string (nothing in it is escaped).</summary>
    public static bool IsPlain(ReadOnlySpan<char> text) => !text.ContainsAnyExcept(Plain);

    /// <summary><c>,"name":</c>.</summary>
    public static byte[] Name(string name) => Fragment(writer => writer.WritePropertyName(name));

    /// <summary>The fields <paramref name="write"/> writes into an object, as <c>,"a":1,"b":2</c>.</summary>
    public static byte[] Fragment(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        // {...} -> ,...
        return [(byte)',', .. buffer.WrittenSpan[1..^1]];
    }

    /// <summary>One string as a JSON value, quoted and escaped: <c>"text"</c>.</summary>
    public static byte[] Value(string text) => Encoding.UTF8.GetBytes("\"" + JsonEncodedText.Encode(text).ToString() + "\"");

    /// <summary>An enumeration's wire names by number, each as a field (<c>,"contact":"CONTACT_TRAFFIC_STOP"</c>) or,
    /// without a field name, as a value (<c>"FACT_STATE_CHARGE"</c>).</summary>
    internal sealed class EnumText
    {
        private readonly string? _field;
        private readonly EnumNames _names;
        private readonly byte[][] _text;

        public EnumText(string? field, EnumNames names)
        {
            _field = field;
            _names = names;
            _text = new byte[names.Max + 1][];
            for (var number = 0; number < _text.Length; number++)
            {
                _text[number] = Make(number);
            }
        }

        /// <summary>The text of <paramref name="number"/> (its number as the name, for one the contract does not define).</summary>
        public byte[] this[int number] => (uint)number < (uint)_text.Length ? _text[number] : Make(number);

        private byte[] Make(int number) => _field is null
            ? Value(_names.Full(number))
            : Fragment(writer => writer.WriteString(_field, _names.Full(number)));
    }
}
