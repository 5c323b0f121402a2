using System.Buffers;

namespace ComplianceService.Grpc.Protocol;

/// <summary>
/// Turns messages of type <typeparamref name="T"/> into bytes and back. Pluggable per method:
/// a method may, for example, write precomputed response bytes instead of serializing a message.
/// </summary>
/// <typeparam name="T">The message type.</typeparam>
public abstract class Marshaller<T>
{
    /// <summary>Parses one message from its bytes (already decompressed, without the 5-byte prefix).</summary>
    /// <exception cref="Exception">Any exception means the bytes are not a valid message (answered as INTERNAL).</exception>
    public abstract T Parse(in ReadOnlySequence<byte> payload);

    /// <summary>The exact number of bytes <see cref="Write"/> will write for <paramref name="message"/>.</summary>
    public abstract int GetSize(T message);

    /// <summary>Writes <paramref name="message"/> into <paramref name="destination"/>, which is exactly <see cref="GetSize"/> bytes long.</summary>
    public abstract void Write(T message, Span<byte> destination);
}
