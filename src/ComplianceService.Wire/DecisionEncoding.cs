using System.Text;
using ComplianceService.Contracts.V1;
using Google.Protobuf;
using Grpc.Core;

namespace ComplianceService.Wire;

/// <summary>
/// How a <see cref="Decision"/> reply goes onto the wire: the template fields' bytes, made once per activated snapshot
/// (<see cref="Encode"/>), with the per-call fields written between them in field-number order, so that the bytes are
/// exactly those the generated serializer writes for the same message. A decision without template bytes (anything
/// but a reply <see cref="ServedPolicy"/> built) is written by the generated serializer.
/// </summary>
/// <remarks>
/// Serializing a decision's obligations and citations on every call (their strings measured, encoded to UTF-8 and
/// copied, field by field) was the larger part of the server's own work per CheckEncounter: about 1.4 µs of CPU of
/// the reply's 1.5 under h2load, against a copy of a few hundred bytes now.
/// </remarks>
public static class DecisionEncoding
{
    private const byte DecisionIdTag = (6 << 3) | 2;
    private const byte DependsOnTag = (7 << 3) | 2;
    private const byte AlternativeTag = (8 << 3) | 2;
    private const byte IncidentIdTag = (10 << 3) | 2;
    private const byte WhatIfTag = (14 << 3) | 2;

    /// <summary>The marshaller of the methods that answer a <see cref="Decision"/> (CheckEncounter,
    /// CheckCooperationRequest): writes the reply through <see cref="GetSize"/> and <see cref="Write"/> straight
    /// into the response.</summary>
    public static Marshaller<Decision> Marshaller { get; } = Marshallers.Create<Decision>(
        Serialize,
        static context => Decision.Parser.ParseFrom(context.PayloadAsReadOnlySequence()));

    /// <summary>The size of <paramref name="decision"/> on the wire, in bytes.</summary>
    public static int GetSize(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return decision.TemplateBytes is { } template ? template.Length + PerCallSize(decision) : decision.CalculateSize();
    }

    /// <summary>Writes <paramref name="decision"/> into <paramref name="destination"/>, exactly
    /// <see cref="GetSize"/> bytes long.</summary>
    public static void Write(Decision decision, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.TemplateBytes is not { } template)
        {
            decision.WriteTo(destination);
            return;
        }

        template.OutcomeToRevision.CopyTo(destination);
        var at = template.OutcomeToRevision.Length;
        at += WriteString(DecisionIdTag, decision.DecisionId, destination[at..]);
        var dependsOn = decision.DependsOn;
        if (dependsOn.Count != 0)
        {
            destination[at++] = DependsOnTag;
            at += WriteVarint((uint)PackedSize(dependsOn), destination[at..]);
            for (var i = 0; i < dependsOn.Count; i++)
            {
                at += WriteVarint((ulong)(long)(int)dependsOn[i], destination[at..]);
            }
        }

        var alternatives = decision.Alternatives;
        for (var i = 0; i < alternatives.Count; i++)
        {
            at += WriteMessage(AlternativeTag, alternatives[i], destination[at..]);
        }

        template.Visa.CopyTo(destination[at..]);
        at += template.Visa.Length;
        at += WriteString(IncidentIdTag, decision.IncidentId, destination[at..]);
        template.JurisdictionToRequest.CopyTo(destination[at..]);
        at += template.JurisdictionToRequest.Length;
        var whatIf = decision.WhatIf;
        for (var i = 0; i < whatIf.Count; i++)
        {
            at += WriteMessage(WhatIfTag, whatIf[i], destination[at..]);
        }

        if (at != destination.Length)
        {
            throw new InvalidOperationException($"A decision was written in {at} bytes, not the {destination.Length} computed.");
        }
    }

    /// <summary>
    /// Sets the template bytes of <paramref name="template"/>, a decision holding only template fields (as
    /// <see cref="DecisionMessages"/> builds one from an engine template), and returns it. Checks that the three runs
    /// together are the message's own bytes: a template field added to the contract but not to a run is found here, at
    /// activation, not on the wire.
    /// </summary>
    internal static Decision Encode(Decision template)
    {
        var head = new Decision { Outcome = template.Outcome, Guidance = template.Guidance, PolicyRevision = template.PolicyRevision };
        head.Obligations.Add(template.Obligations);
        head.Citations.Add(template.Citations);
        var bytes = new DecisionTemplateBytes(
            head.ToByteArray(),
            new Decision { Visa = template.Visa }.ToByteArray(),
            new Decision { Jurisdiction = template.Jurisdiction, Action = template.Action, Request = template.Request }.ToByteArray());
        if (!template.ToByteArray().AsSpan().SequenceEqual([.. bytes.OutcomeToRevision, .. bytes.Visa, .. bytes.JurisdictionToRequest]))
        {
            throw new InvalidOperationException("A decision template has fields the reply encoder does not write.");
        }

        template.TemplateBytes = bytes;
        return template;
    }

    private static void Serialize(Decision decision, SerializationContext context)
    {
        // The length first, so that the buffer writer is the response's own (no copy).
        var size = GetSize(decision);
        context.SetPayloadLength(size);
        var writer = context.GetBufferWriter();
        Write(decision, writer.GetSpan(size)[..size]);
        writer.Advance(size);
        context.Complete();
    }

    private static int PerCallSize(Decision decision)
    {
        var size = StringSize(decision.DecisionId) + StringSize(decision.IncidentId);
        if (decision.DependsOn.Count != 0)
        {
            var packed = PackedSize(decision.DependsOn);
            size += 1 + CodedOutputStream.ComputeLengthSize(packed) + packed;
        }

        for (var i = 0; i < decision.Alternatives.Count; i++)
        {
            size += 1 + CodedOutputStream.ComputeMessageSize(decision.Alternatives[i]);
        }

        for (var i = 0; i < decision.WhatIf.Count; i++)
        {
            size += 1 + CodedOutputStream.ComputeMessageSize(decision.WhatIf[i]);
        }

        return size;
    }

    private static int PackedSize(Google.Protobuf.Collections.RepeatedField<Fact> facts)
    {
        var size = 0;
        for (var i = 0; i < facts.Count; i++)
        {
            size += CodedOutputStream.ComputeEnumSize((int)facts[i]);
        }

        return size;
    }

    // proto3: an empty string is not written.
    private static int StringSize(string value) => value.Length == 0 ? 0 : 1 + CodedOutputStream.ComputeStringSize(value);

    private static int WriteString(byte tag, string value, Span<byte> destination)
    {
        if (value.Length == 0)
        {
            return 0;
        }

        destination[0] = tag;
        var at = 1 + WriteVarint((uint)Encoding.UTF8.GetByteCount(value), destination[1..]);
        return at + Encoding.UTF8.GetBytes(value, destination[at..]);
    }

    private static int WriteMessage(byte tag, IMessage message, Span<byte> destination)
    {
        var size = message.CalculateSize();
        destination[0] = tag;
        var at = 1 + WriteVarint((uint)size, destination[1..]);
        message.WriteTo(destination.Slice(at, size));
        return at + size;
    }

    private static int WriteVarint(ulong value, Span<byte> destination)
    {
        var at = 0;
        while (value >= 0x80)
        {
            destination[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[at++] = (byte)value;
        return at;
    }
}
