using System.IO.Pipelines;
using ComplianceService.Grpc.Protocol;
using ComplianceService.Grpc.Server.Internal;
using Google.Protobuf;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Http;

namespace ComplianceService.Grpc.UnitTests;

/// <summary>The server's request framing, read from a real <see cref="Pipe"/> fed in chunks.</summary>
public sealed class FrameReaderTests
{
    private const int Limit = 4 * 1024 * 1024;
    private static readonly Marshaller<HealthCheckRequest> Marshaller = ProtobufMarshaller<HealthCheckRequest>.Default;

    [Fact]
    public async Task MessageSplitAcrossReadsIsReassembled()
    {
        var frame = Frame(new HealthCheckRequest { Service = "compliance.v1.ComplianceService" });
        var pipe = new Pipe();
        var read = GrpcMessageReader.ReadSingleMessageAsync(pipe.Reader, Marshaller, new DefaultHttpContext(), Limit, default).AsTask();

        // Feed the prefix in two pieces, then the body byte by byte.
        await pipe.Writer.WriteAsync(frame.AsMemory(0, 2));
        await pipe.Writer.WriteAsync(frame.AsMemory(2, 3));
        for (var i = 5; i < frame.Length; i++)
        {
            await pipe.Writer.WriteAsync(frame.AsMemory(i, 1));
        }

        Assert.False(read.IsCompleted);
        await pipe.Writer.CompleteAsync();

        Assert.Equal("compliance.v1.ComplianceService", (await read).Service);
    }

    [Fact]
    public async Task SeveralMessagesInOneReadAreReadInOrder()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync((byte[])[.. Frame(new() { Service = "a" }), .. Frame(new() { Service = "b" }), .. Frame(new() { Service = "c" })]);
        await pipe.Writer.CompleteAsync();
        var http = new DefaultHttpContext();

        var names = new List<string>();
        while (true)
        {
            var (hasMessage, message) = await GrpcMessageReader.ReadNextMessageAsync(pipe.Reader, Marshaller, http, Limit, default);
            if (!hasMessage)
            {
                break;
            }

            names.Add(message!.Service);
        }

        Assert.Equal(["a", "b", "c"], names);
    }

    [Fact]
    public async Task TruncatedFrameIsInternal()
    {
        var frame = Frame(new HealthCheckRequest { Service = "truncated" });

        var exception = await ReadSingleAsync(frame[..^3]);

        Assert.Equal(StatusCode.Internal, exception.StatusCode);
        Assert.Contains("Incomplete", exception.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TruncatedFrameInAStreamIsInternal()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync((byte[])[.. Frame(new() { Service = "a" }), 0, 0, 0, 0, 9, 1]);
        await pipe.Writer.CompleteAsync();
        var http = new DefaultHttpContext();

        var first = await GrpcMessageReader.ReadNextMessageAsync(pipe.Reader, Marshaller, http, Limit, default);
        var exception = await Assert.ThrowsAsync<RpcException>(async () => await GrpcMessageReader.ReadNextMessageAsync(pipe.Reader, Marshaller, http, Limit, default));

        Assert.Equal("a", first.Message!.Service);
        Assert.Equal(StatusCode.Internal, exception.StatusCode);
    }

    [Fact]
    public async Task CompressedFlagWithoutGrpcEncodingIsInternal()
    {
        var frame = Frame(new HealthCheckRequest { Service = "x" });
        frame[0] = 1;

        var exception = await ReadSingleAsync(frame);

        Assert.Equal(StatusCode.Internal, exception.StatusCode);
        Assert.Contains("grpc-encoding", exception.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GzipMessageWithGrpcEncodingIsDecompressed()
    {
        var payload = new HealthCheckRequest { Service = "zipped" }.ToByteArray();
        var compressed = GzipCompression.Compress(payload);
        var frame = new byte[GrpcFrame.HeaderSize + compressed.Length];
        GrpcFrame.WriteHeader(frame, compressed: true, compressed.Length);
        compressed.CopyTo(frame, GrpcFrame.HeaderSize);
        var http = new DefaultHttpContext();
        http.Request.Headers[GrpcHeaders.Encoding] = "gzip";
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(frame);
        await pipe.Writer.CompleteAsync();

        var message = await GrpcMessageReader.ReadSingleMessageAsync(pipe.Reader, Marshaller, http, Limit, default);

        Assert.Equal("zipped", message.Service);
    }

    [Fact]
    public async Task UnsupportedEncodingIsUnimplemented()
    {
        var frame = Frame(new HealthCheckRequest { Service = "x" });
        frame[0] = 1;
        var http = new DefaultHttpContext();
        http.Request.Headers[GrpcHeaders.Encoding] = "snappy";

        var exception = await ReadSingleAsync(frame, http);

        Assert.Equal(StatusCode.Unimplemented, exception.StatusCode);
    }

    [Fact]
    public async Task LengthPrefixOverTheLimitIsResourceExhaustedBeforeTheBodyArrives()
    {
        var pipe = new Pipe();
        byte[] prefix = new byte[GrpcFrame.HeaderSize];
        GrpcFrame.WriteHeader(prefix, compressed: false, 1025);
        await pipe.Writer.WriteAsync(prefix);

        // The writer is not completed: the limit must be enforced from the prefix alone.
        var exception = await Assert.ThrowsAsync<RpcException>(async () =>
            await GrpcMessageReader.ReadSingleMessageAsync(pipe.Reader, Marshaller, new DefaultHttpContext(), 1024, default));

        Assert.Equal(StatusCode.ResourceExhausted, exception.StatusCode);
        Assert.Contains("1025 vs. 1024", exception.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondMessageInAUnaryRequestIsInternal()
    {
        var exception = await ReadSingleAsync([.. Frame(new() { Service = "a" }), .. Frame(new() { Service = "b" })]);

        Assert.Equal(StatusCode.Internal, exception.StatusCode);
    }

    [Fact]
    public async Task UnparseableProtobufIsInternal()
    {
        var exception = await ReadSingleAsync([0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF]);

        Assert.Equal(StatusCode.Internal, exception.StatusCode);
    }

    [Fact]
    public async Task EmptyRequestIsInternal()
    {
        var exception = await ReadSingleAsync([]);

        Assert.Equal(StatusCode.Internal, exception.StatusCode);
    }

    private static byte[] Frame(HealthCheckRequest message)
    {
        var payload = message.ToByteArray();
        var frame = new byte[GrpcFrame.HeaderSize + payload.Length];
        GrpcFrame.WriteHeader(frame, compressed: false, payload.Length);
        payload.CopyTo(frame, GrpcFrame.HeaderSize);
        return frame;
    }

    private static async Task<RpcException> ReadSingleAsync(byte[] bytes, HttpContext? http = null)
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(bytes);
        await pipe.Writer.CompleteAsync();
        return await Assert.ThrowsAsync<RpcException>(async () =>
            await GrpcMessageReader.ReadSingleMessageAsync(pipe.Reader, Marshaller, http ?? new DefaultHttpContext(), Limit, default));
    }
}
