using System.Buffers;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using ComplianceService.Grpc.Protocol;
using ComplianceService.Grpc.Server;
using ComplianceService.Grpc.Server.Internal;
using Google.Protobuf;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ComplianceService.Benchmarks;

/// <summary>
/// The gRPC layer's per-call costs: the 5-byte prefix, writing a framed message, and a whole
/// unary call dispatched through the frozen method table (over an in-memory HttpContext, so the
/// numbers include DefaultHttpContext and stream-pipe adapters that Kestrel does not use).
/// </summary>
[MemoryDiagnoser]
public class GrpcFramingBenchmarks
{
    private static readonly HealthCheckResponse Serving = new() { Status = HealthCheckResponse.Types.ServingStatus.Serving };

    private readonly byte[] _header = new byte[GrpcFrame.HeaderSize];
    private ReadOnlySequence<byte> _frame;
    private byte[] _requestFrame = [];
    private PipeWriter _sink = null!;
    private GrpcDispatcher _dispatcher = null!;

    [GlobalSetup]
    public void Setup()
    {
        var payload = new HealthCheckRequest { Service = "compliance.v1.ComplianceService" }.ToByteArray();
        _requestFrame = new byte[GrpcFrame.HeaderSize + payload.Length];
        GrpcFrame.WriteHeader(_requestFrame, compressed: false, payload.Length);
        payload.CopyTo(_requestFrame, GrpcFrame.HeaderSize);
        _frame = new ReadOnlySequence<byte>(_requestFrame);
        _sink = PipeWriter.Create(Stream.Null);

        var registry = new GrpcServiceRegistry();
        var binder = new GrpcServiceBinder(HealthReflection.Descriptor.Services[0]);
        binder.UnarySync<HealthCheckRequest, HealthCheckResponse>("Check", static (_, _) => Serving);
        registry.Add(binder);
        _dispatcher = new GrpcDispatcher(_ => Task.CompletedTask, registry, Options.Create(new GrpcServerOptions()), NullLoggerFactory.Instance);
    }

    [Benchmark]
    public void WriteFrameHeader() => GrpcFrame.WriteHeader(_header, compressed: false, 1234);

    [Benchmark]
    public uint ReadFrame()
    {
        GrpcFrame.TryReadMessage(_frame, GrpcServerOptions.DefaultMaxReceiveMessageSize, out _, out _, out _, out var length);
        return length;
    }

    [Benchmark]
    public HealthCheckRequest ParseRequestMessage() =>
        GrpcMessageReader.Deserialize(_frame.Slice(GrpcFrame.HeaderSize), compressed: false, ProtobufMarshaller<HealthCheckRequest>.Default, null!, GrpcServerOptions.DefaultMaxReceiveMessageSize);

    [Benchmark]
    public ValueTask<FlushResult> WriteResponseMessage()
    {
        GrpcMessageWriter.Write(_sink, ProtobufMarshaller<HealthCheckResponse>.Default, Serving, maxSendMessageSize: null);
        return _sink.FlushAsync();
    }

    [Benchmark]
    public Task UnaryDispatch()
    {
        var http = new DefaultHttpContext();
        http.Request.Method = HttpMethods.Post;
        http.Request.Protocol = HttpProtocol.Http2;
        http.Request.Path = "/grpc.health.v1.Health/Check";
        http.Request.ContentType = GrpcHeaders.ContentType;
        http.Request.Body = new MemoryStream(_requestFrame, writable: false);
        http.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
        http.Features.Set<IHttpResponseTrailersFeature>(new TrailersFeature());
        return _dispatcher.InvokeAsync(http);
    }

    private sealed class TrailersFeature : IHttpResponseTrailersFeature
    {
        public IHeaderDictionary Trailers { get; set; } = new HeaderDictionary();
    }
}
