using System.IO.Pipelines;
using System.Buffers;

namespace ComplianceService.Grpc.Protocol;

/// <summary>
/// Reads a stream of length-prefixed gRPC messages from a pipe: the frame loop shared by the
/// server (streaming requests) and the client (responses), so the framing rules live once.
/// </summary>
public static class GrpcMessageStream
{
    /// <summary>
    /// Reads the next message. Returns false at the clean end of the stream; throws
    /// <see cref="RpcException"/> for a stream that ends inside a frame, a frame over
    /// <paramref name="maxMessageSize"/> (RESOURCE_EXHAUSTED) or a bad compressed flag.
    /// </summary>
    /// <typeparam name="TState">What <paramref name="decode"/> needs (kept out of a closure).</typeparam>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="reader">The body pipe.</param>
    /// <param name="maxMessageSize">The largest message accepted.</param>
    /// <param name="state">Passed to <paramref name="decode"/>.</param>
    /// <param name="decode">Decompresses (when flagged) and parses one payload; throws <see cref="RpcException"/> on failure.</param>
    /// <param name="errors">The statuses this side reports for broken frames.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async ValueTask<(bool HasMessage, T? Message)> ReadNextAsync<TState, T>(
        PipeReader reader,
        int maxMessageSize,
        TState state,
        Func<TState, ReadOnlySequence<byte>, bool, T> decode,
        FrameErrors errors,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(decode);
        ArgumentNullException.ThrowIfNull(errors);
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var frame = GrpcFrame.TryReadMessage(buffer, maxMessageSize, out var payload, out var compressed, out var consumed, out var length);
            switch (frame)
            {
                case FrameReadStatus.Complete:
                    try
                    {
                        return (true, decode(state, payload, compressed));
                    }
                    finally
                    {
                        reader.AdvanceTo(consumed);
                    }

                case FrameReadStatus.NeedMoreData:
                    if (result.IsCompleted)
                    {
                        var empty = buffer.IsEmpty;
                        reader.AdvanceTo(buffer.End);
                        return empty ? (false, default) : throw new RpcException(errors.IncompleteMessage);
                    }

                    // Not all here yet: keep everything, mark it examined, wait for more.
                    reader.AdvanceTo(buffer.Start, buffer.End);
                    break;

                default:
                    reader.AdvanceTo(buffer.Start);
                    throw new RpcException(errors.For(frame, length, maxMessageSize));
            }
        }
    }
}
