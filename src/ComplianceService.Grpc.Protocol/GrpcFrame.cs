using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace ComplianceService.Grpc.Protocol;

/// <summary>
/// The gRPC length-prefixed message: one compressed-flag byte, a 4-byte big-endian length, then
/// the message bytes.
/// </summary>
public static class GrpcFrame
{
    /// <summary>The size of the prefix before each message.</summary>
    public const int HeaderSize = 5;

    /// <summary>Writes the 5-byte prefix.</summary>
    /// <param name="destination">At least <see cref="HeaderSize"/> bytes.</param>
    /// <param name="compressed">Whether the message bytes are compressed.</param>
    /// <param name="length">The length of the message bytes.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteHeader(Span<byte> destination, bool compressed, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(1, 4), (uint)length);
        destination[0] = compressed ? (byte)1 : (byte)0;
    }

    /// <summary>Reads the 5-byte prefix from the start of <paramref name="buffer"/>.</summary>
    /// <returns>False when the buffer holds fewer than 5 bytes.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadHeader(in ReadOnlySequence<byte> buffer, out byte compressedFlag, out uint length)
    {
        if (buffer.IsSingleSegment)
        {
            // Fast path: the whole prefix sits in one segment, as it does for nearly every request.
            return TryReadHeader(buffer.FirstSpan, out compressedFlag, out length);
        }

        if (buffer.Length < HeaderSize)
        {
            compressedFlag = 0;
            length = 0;
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        return TryReadHeader(header, out compressedFlag, out length);
    }

    /// <summary>Reads the 5-byte prefix from the start of <paramref name="span"/>.</summary>
    /// <returns>False when the span holds fewer than 5 bytes.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadHeader(ReadOnlySpan<byte> span, out byte compressedFlag, out uint length)
    {
        if (span.Length < HeaderSize)
        {
            compressedFlag = 0;
            length = 0;
            return false;
        }

        compressedFlag = span[0];
        length = BinaryPrimitives.ReadUInt32BigEndian(span.Slice(1, 4));
        return true;
    }

    /// <summary>
    /// Reads one length-prefixed message from the start of <paramref name="buffer"/>. On
    /// <see cref="FrameReadStatus.Complete"/>, <paramref name="payload"/> is the message bytes and
    /// <paramref name="consumed"/> the position just after them.
    /// </summary>
    /// <param name="buffer">The bytes received so far.</param>
    /// <param name="maxMessageSize">The receive limit; a larger length prefix answers <see cref="FrameReadStatus.MessageTooLarge"/> before the bytes arrive.</param>
    /// <param name="payload">The message bytes (a slice of <paramref name="buffer"/>).</param>
    /// <param name="compressed">Whether the compressed flag is set.</param>
    /// <param name="consumed">The position after the message.</param>
    /// <param name="length">The length from the prefix (also set for <see cref="FrameReadStatus.MessageTooLarge"/>).</param>
    public static FrameReadStatus TryReadMessage(
        in ReadOnlySequence<byte> buffer,
        int maxMessageSize,
        out ReadOnlySequence<byte> payload,
        out bool compressed,
        out SequencePosition consumed,
        out uint length)
    {
        payload = default;
        compressed = false;
        consumed = buffer.Start;
        if (!TryReadHeader(buffer, out var flag, out length))
        {
            return FrameReadStatus.NeedMoreData;
        }

        if (flag > 1)
        {
            return FrameReadStatus.InvalidCompressedFlag;
        }

        if (length > (uint)maxMessageSize)
        {
            return FrameReadStatus.MessageTooLarge;
        }

        if (buffer.Length - HeaderSize < length)
        {
            return FrameReadStatus.NeedMoreData;
        }

        compressed = flag == 1;
        payload = buffer.Slice(HeaderSize, length);
        consumed = payload.End;
        return FrameReadStatus.Complete;
    }
}
