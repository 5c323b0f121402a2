using System.Buffers;
using System.IO.Pipelines;
using ComplianceService.Grpc.Protocol;
using Microsoft.AspNetCore.Http;

namespace ComplianceService.Grpc.Server.Internal;

/// <summary>Reads length-prefixed request messages from the request body pipe.</summary>
internal static class GrpcMessageReader
{
    private static readonly Status MissingMessage = new(StatusCode.Internal, "Request ended without a message.");
    private static readonly Status IncompleteMessage = new(StatusCode.Internal, "Incomplete message: the request ended inside a frame.");
    private static readonly Status AdditionalData = new(StatusCode.Internal, "Additional data after the request message of a unary call.");
    private static readonly FrameErrors RequestFrameErrors = new(
        IncompleteMessage,
        new Status(StatusCode.Internal, "Invalid compressed flag: the first byte of a frame must be 0 or 1."));
    private static readonly Status CompressedWithoutEncoding = new(StatusCode.Internal, "Message has the compressed flag set but the request has no grpc-encoding header.");
    private static readonly Status ParseFailed = new(StatusCode.Internal, "Failed to deserialize the request message.");
    private static readonly Status DecompressFailed = new(StatusCode.Internal, "Failed to decompress the request message with gzip.");

    /// <summary>
    /// Reads the one message of a unary or server-streaming request and checks that the request
    /// then ends.
    /// </summary>
    public static async ValueTask<T> ReadSingleMessageAsync<T>(PipeReader reader, Marshaller<T> marshaller, HttpContext http, int maxMessageSize, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var status = GrpcFrame.TryReadMessage(buffer, maxMessageSize, out var payload, out var compressed, out var consumed, out var length);
            if (status == FrameReadStatus.Complete && result.IsCompleted)
            {
                try
                {
                    if (buffer.Slice(consumed).Length != 0)
                    {
                        throw new RpcException(AdditionalData);
                    }

                    return Deserialize(payload, compressed, marshaller, http, maxMessageSize);
                }
                finally
                {
                    reader.AdvanceTo(buffer.End);
                }
            }

            if (status != FrameReadStatus.Complete && status != FrameReadStatus.NeedMoreData)
            {
                reader.AdvanceTo(buffer.Start);
                throw new RpcException(RequestFrameErrors.For(status, length, maxMessageSize));
            }

            if (result.IsCompleted)
            {
                var empty = buffer.IsEmpty;
                reader.AdvanceTo(buffer.End);
                throw new RpcException(empty ? MissingMessage : IncompleteMessage);
            }

            // Not all here yet (or the whole message is here but the request has not ended):
            // keep everything, mark it examined, wait for more.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Reads the next message of a streaming request; false when the request has ended cleanly.</summary>
    public static ValueTask<(bool HasMessage, T? Message)> ReadNextMessageAsync<T>(PipeReader reader, Marshaller<T> marshaller, HttpContext http, int maxMessageSize, CancellationToken cancellationToken) =>
        GrpcMessageStream.ReadNextAsync(
            reader,
            maxMessageSize,
            (Marshaller: marshaller, Http: http, MaxMessageSize: maxMessageSize),
            static (state, payload, compressed) => Deserialize(payload, compressed, state.Marshaller, state.Http, state.MaxMessageSize),
            RequestFrameErrors,
            cancellationToken);

    /// <summary>Decompresses when flagged, then parses; every failure is an <see cref="RpcException"/>.</summary>
    public static T Deserialize<T>(in ReadOnlySequence<byte> payload, bool compressed, Marshaller<T> marshaller, HttpContext http, int maxMessageSize)
    {
        if (!compressed)
        {
            return Parse(payload, marshaller);
        }

        var encoding = http.Request.Headers[GrpcHeaders.Encoding].ToString();
        if (encoding.Length == 0 || encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            throw new RpcException(CompressedWithoutEncoding);
        }

        if (!encoding.Equals(GzipCompression.EncodingName, StringComparison.OrdinalIgnoreCase))
        {
            throw new RpcException(new Status(
                StatusCode.Unimplemented,
                $"Unsupported grpc-encoding value '{encoding}'. Supported encodings: {GrpcHeaders.SupportedEncodings}"));
        }

        byte[]? inflated;
        try
        {
            inflated = GzipCompression.Decompress(payload, maxMessageSize);
        }
        catch (InvalidDataException)
        {
            throw new RpcException(DecompressFailed);
        }

        if (inflated is null)
        {
            throw new RpcException(new Status(
                StatusCode.ResourceExhausted,
                $"Received message larger than max when decompressed (over {maxMessageSize} bytes)."));
        }

        return Parse(new ReadOnlySequence<byte>(inflated), marshaller);
    }

    private static T Parse<T>(in ReadOnlySequence<byte> payload, Marshaller<T> marshaller)
    {
        try
        {
            return marshaller.Parse(payload);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw new RpcException(ParseFailed, new Metadata(), exception);
        }
    }
}
