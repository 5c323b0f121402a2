using System.Text;
using ComplianceService.Engine;
using Google.Protobuf;

namespace ComplianceService.Wire;

/// <summary>
/// Writes a <c>compliance.v1.Decision</c> without allocating: the template's precomputed bytes
/// (<see cref="DecisionEncoding"/>), then the per-call fields decision_id (6) and incident_id
/// (10), then depends_on (7) and alternatives (8) when facts were unknown, and what_if (14) when
/// asked. Protobuf parsers merge fields in any order, so the result parses to exactly
/// <see cref="DecisionMessages.ToMessage(in EngineDecision, string?, string?)"/>.
/// </summary>
public static class DecisionWriter
{
    private const byte DecisionIdTag = (6 << 3) | 2;
    private const byte DependsOnTag = (7 << 3) | 2;
    private const byte AlternativeTag = (8 << 3) | 2;
    private const byte IncidentIdTag = (10 << 3) | 2;
    private const byte WhatIfTag = (14 << 3) | 2;
    private const byte TrueFactsTag = (1 << 3) | 2;
    private const byte AlternativeOutcomeTag = 2 << 3;
    private const byte FactTag = 1 << 3;
    private const byte BecomesTrueTag = 2 << 3;
    private const byte WhatIfOutcomeTag = 3 << 3;

    /// <summary>The size in bytes <see cref="Write"/> will write.</summary>
    public static int GetSize(DecisionEncoding encoding, in EngineDecision decision, ReadOnlySpan<char> decisionId, string? incidentId)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        return encoding[decision.Template].Length + StringFieldSize(decisionId) + StringFieldSize(incidentId) + PerCallFactsSize(decision);
    }

    /// <summary>Writes the decision into <paramref name="destination"/> (at least
    /// <see cref="GetSize"/> bytes) and returns the number of bytes written.</summary>
    public static int Write(DecisionEncoding encoding, in EngineDecision decision, ReadOnlySpan<char> decisionId, string? incidentId, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        var template = encoding[decision.Template];
        template.CopyTo(destination);
        var written = template.Length;
        written += WriteStringField(DecisionIdTag, decisionId, destination[written..]);
        written += WriteStringField(IncidentIdTag, incidentId, destination[written..]);
        written += WritePerCallFacts(decision, destination[written..]);
        return written;
    }

    // depends_on, alternatives and what_if hold enum numbers under 128 and bools, and every
    // length is under 128 (at most 4 unknown facts, 16 alternatives, 22 flips): each field is
    // tag, one length byte, payload.
    private static int PerCallFactsSize(in EngineDecision decision)
    {
        var size = decision.DependsOn.IsEmpty ? 0 : 2 + decision.DependsOn.Length;
        foreach (var alternative in decision.Alternatives)
        {
            size += 2 + AlternativeSize(alternative);
        }

        foreach (var flip in decision.WhatIf)
        {
            size += 2 + WhatIfSize(flip);
        }

        return size;
    }

    private static int WritePerCallFacts(in EngineDecision decision, Span<byte> destination)
    {
        var at = 0;
        var dependsOn = decision.DependsOn;
        if (!dependsOn.IsEmpty)
        {
            destination[at++] = DependsOnTag;
            destination[at++] = (byte)dependsOn.Length;
            foreach (var fact in dependsOn)
            {
                destination[at++] = (byte)fact;
            }
        }

        foreach (var alternative in decision.Alternatives)
        {
            destination[at++] = AlternativeTag;
            destination[at++] = (byte)AlternativeSize(alternative);
            if (alternative.TrueFacts.Length > 0)
            {
                destination[at++] = TrueFactsTag;
                destination[at++] = (byte)alternative.TrueFacts.Length;
                foreach (var fact in alternative.TrueFacts)
                {
                    destination[at++] = (byte)fact;
                }
            }

            destination[at++] = AlternativeOutcomeTag;
            destination[at++] = (byte)alternative.Outcome;
        }

        foreach (var flip in decision.WhatIf)
        {
            destination[at++] = WhatIfTag;
            destination[at++] = (byte)WhatIfSize(flip);
            destination[at++] = FactTag;
            destination[at++] = (byte)flip.Fact;
            if (flip.BecomesTrue)
            {
                destination[at++] = BecomesTrueTag;
                destination[at++] = 1;
            }

            destination[at++] = WhatIfOutcomeTag;
            destination[at++] = (byte)flip.Outcome;
        }

        return at;
    }

    private static int AlternativeSize(EngineAlternative alternative) =>
        (alternative.TrueFacts.Length == 0 ? 0 : 2 + alternative.TrueFacts.Length) + 2;

    private static int WhatIfSize(EngineWhatIf flip) => flip.BecomesTrue ? 6 : 4;

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
