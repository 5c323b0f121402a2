using System.Buffers;
using ComplianceService.Engine;
using ComplianceService.Grpc.Protocol;

namespace ComplianceService.Rpc;

/// <summary>
/// Writes a <see cref="DecisionReply"/> as a <c>compliance.v1.Decision</c>: the template's
/// precomputed bytes and the per-call fields, with no message object and no allocation.
/// Replies are only written, never parsed, on the server.
/// </summary>
internal sealed class DecisionReplyMarshaller : Marshaller<DecisionReply>
{
    public static readonly DecisionReplyMarshaller Instance = new();

    public override DecisionReply Parse(in ReadOnlySequence<byte> payload) =>
        throw new NotSupportedException("A decision reply is written by the server, never read by it.");

    // Every decision id is 36 ASCII characters, so the size needs no formatting: Write formats it once.
    private static readonly string DecisionIdShape = new('0', DecisionReply.DecisionIdLength);

    public override int GetSize(DecisionReply message) =>
        DecisionWriter.GetSize(message.Decision, DecisionIdShape, message.IncidentId);

    public override void Write(DecisionReply message, Span<byte> destination)
    {
        Span<char> id = stackalloc char[DecisionReply.DecisionIdLength];
        DecisionWriter.Write(message.Decision, message.FormatDecisionId(id), message.IncidentId, destination);
    }
}
