using System.Buffers;
using Google.Protobuf;

namespace ComplianceService.Grpc.Protocol;

/// <summary>The default marshaller of a protobuf message type: its parser, CalculateSize and WriteTo.</summary>
/// <typeparam name="T">The generated message type.</typeparam>
public sealed class ProtobufMarshaller<T> : Marshaller<T>
    where T : IMessage<T>, new()
{
    private static readonly MessageParser<T> Parser = new(static () => new T());

    private ProtobufMarshaller()
    {
    }

    /// <summary>The one instance per message type.</summary>
    public static ProtobufMarshaller<T> Default { get; } = new();

    /// <inheritdoc />
    public override T Parse(in ReadOnlySequence<byte> payload) => Parser.ParseFrom(payload);

    /// <inheritdoc />
    public override int GetSize(T message) => message.CalculateSize();

    /// <inheritdoc />
    public override void Write(T message, Span<byte> destination) => message.WriteTo(destination);
}
