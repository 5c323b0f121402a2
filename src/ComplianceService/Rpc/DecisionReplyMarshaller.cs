using System.Buffers;
using ComplianceService.Grpc.Protocol;
using ComplianceService.Wire;

namespace ComplianceService.Rpc;

/// <summary>
/// Writes a <see cref="DecisionReply"/> as a <c>compliance.v1.Decision</c> (the adapter's
/// precomputed template bytes and the per-call fields), with no message object and no allocation.
/// Replies are only written, never parsed, on the server.
/// </summary>
internal sealed class DecisionReplyMarshaller : Marshaller<DecisionReply>
{
    public static readonly DecisionReplyMarshaller Instance = new();

    public override DecisionReply Parse(in ReadOnlySequence<byte> payload) =>
        throw new NotSupportedException("A decision reply is written by the server, never read by it.");

    public override int GetSize(DecisionReply message) => message.GetSize();

    public override void Write(DecisionReply message, Span<byte> destination) => message.Write(destination);
}
