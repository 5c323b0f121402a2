using System.Text;
using ComplianceService.Engine.Internal;
using Google.Protobuf;

namespace ComplianceService.Engine;

/// <summary>
/// Writes a <c>compliance.v1.Decision</c> without allocating: the template's precomputed bytes,
/// then the per-call fields decision_id (6) and incident_id (10), then depends_on (7) and
/// alternatives (8) when facts were unknown, and what_if (14) when asked. Protobuf parsers merge fields in any order, so the
/// result parses to exactly <see cref="EngineDecision.ToMessage"/>.
/// </summary>
public static class DecisionWriter
{
    private const byte DecisionIdTag = (6 << 3) | 2;
    private const byte IncidentIdTag = (10 << 3) | 2;

    /// <summary>The size in bytes <see cref="Write"/> will write.</summary>
    public static int GetSize(in EngineDecision decision, ReadOnlySpan<char> decisionId, string? incidentId)
    {
        var size = decision.Template.Encoded.Length + StringFieldSize(decisionId) + StringFieldSize(incidentId);
        if (decision.Unknowns is { } unknowns)
        {
            size += unknowns.Encoded.Length;
        }

        if (decision.WhatIfs is { } whatIf)
        {
            size += whatIf.Encoded.Length;
        }

        return size;
    }

    /// <summary>Writes the decision into <paramref name="destination"/> (at least
    /// <see cref="GetSize"/> bytes) and returns the number of bytes written.</summary>
    public static int Write(in EngineDecision decision, ReadOnlySpan<char> decisionId, string? incidentId, Span<byte> destination)
    {
        var template = decision.Template.Encoded;
        template.CopyTo(destination);
        var written = template.Length;
        written += WriteStringField(DecisionIdTag, decisionId, destination[written..]);
        written += WriteStringField(IncidentIdTag, incidentId, destination[written..]);
        if (decision.Unknowns is { } unknowns)
        {
            unknowns.Encoded.CopyTo(destination[written..]);
            written += unknowns.Encoded.Length;
        }

        if (decision.WhatIfs is { } whatIf)
        {
            whatIf.Encoded.CopyTo(destination[written..]);
            written += whatIf.Encoded.Length;
        }

        return written;
    }

    private static int StringFieldSize(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return 0; // proto3: an empty string is not written
        }

        var length = Encoding.UTF8.GetByteCount(value);
        return 1 + CodedOutputStream.ComputeLengthSize(length) + length;
    }

    private static int WriteStringField(byte tag, ReadOnlySpan<char> value, Span<byte> destination)
    {
        if (value.IsEmpty)
        {
            return 0;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        destination[0] = tag;
        var written = 1 + WriteVarint((uint)length, destination[1..]);
        written += Encoding.UTF8.GetBytes(value, destination[written..]);
        return written;
    }

    private static int WriteVarint(uint value, Span<byte> destination)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }
}
