using System.IO.Pipelines;
using ComplianceService.Grpc.Protocol;

namespace ComplianceService.Grpc.Server.Internal;

/// <summary>Writes length-prefixed response messages straight into the response pipe.</summary>
internal static class GrpcMessageWriter
{
    /// <summary>Writes the 5-byte prefix and the message into one span of the pipe (no flush).</summary>
    public static void Write<T>(PipeWriter writer, Marshaller<T> marshaller, T message, int? maxSendMessageSize)
    {
        var size = marshaller.GetSize(message);
        if (size > maxSendMessageSize)
        {
            throw new RpcException(new Status(
                StatusCode.ResourceExhausted,
                $"Sending message larger than max ({size} vs. {maxSendMessageSize})"));
        }

        var total = GrpcFrame.HeaderSize + size;
        var span = writer.GetSpan(total);
        GrpcFrame.WriteHeader(span, compressed: false, size);
        marshaller.Write(message, span.Slice(GrpcFrame.HeaderSize, size));
        writer.Advance(total);
    }
}
