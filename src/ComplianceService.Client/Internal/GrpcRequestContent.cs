using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using ComplianceService.Grpc.Protocol;

namespace ComplianceService.Client.Internal;

/// <summary>One length-prefixed request message as HTTP content, serialized into a pooled buffer.</summary>
internal sealed class GrpcRequestContent<T> : HttpContent
{
    private static readonly MediaTypeHeaderValue GrpcMediaType = new(GrpcHeaders.ContentType);

    private readonly byte[] _buffer;
    private readonly int _length;
    private bool _returned;

    public GrpcRequestContent(T message, Marshaller<T> marshaller, int? maxSendMessageSize, bool compress)
    {
        Headers.ContentType = GrpcMediaType;
        var size = marshaller.GetSize(message);
        if (size > maxSendMessageSize)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"Sending message larger than max ({size} vs. {maxSendMessageSize})"));
        }

        if (compress)
        {
            var plain = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                marshaller.Write(message, plain.AsSpan(0, size));
                var compressed = GzipCompression.Compress(plain.AsSpan(0, size));
                _length = GrpcFrame.HeaderSize + compressed.Length;
                _buffer = ArrayPool<byte>.Shared.Rent(_length);
                GrpcFrame.WriteHeader(_buffer, compressed: true, compressed.Length);
                compressed.CopyTo(_buffer.AsSpan(GrpcFrame.HeaderSize));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(plain);
            }

            return;
        }

        _length = GrpcFrame.HeaderSize + size;
        _buffer = ArrayPool<byte>.Shared.Rent(_length);
        GrpcFrame.WriteHeader(_buffer, compressed: false, size);
        marshaller.Write(message, _buffer.AsSpan(GrpcFrame.HeaderSize, size));
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(_buffer.AsMemory(0, _length)).AsTask();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_returned)
        {
            _returned = true;
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        base.Dispose(disposing);
    }
}
