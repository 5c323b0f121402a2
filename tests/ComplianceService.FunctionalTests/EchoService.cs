using ComplianceService.FunctionalTests.Echo;
using ComplianceService.Grpc.Protocol;
using ComplianceService.Grpc.Server;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// The test-only <c>testing.v1.Echo</c> service, registered on the same server as the real
/// services: echoes, sleeps (honouring cancellation), fails on request and returns the request
/// metadata as response headers and trailers.
/// </summary>
public sealed class EchoService
{
    private int _cancelledCalls;
    private int _sleepingCalls;

    /// <summary>How many handlers saw their call cancelled (deadline or client reset) while sleeping.</summary>
    public int CancelledCalls => Volatile.Read(ref _cancelledCalls);

    /// <summary>How many handlers have started a requested sleep.</summary>
    public int CallsStarted => Volatile.Read(ref _sleepingCalls);

    public void Map(IApplicationBuilder app) =>
        app.MapGrpcService(EchoReflection.Descriptor.Services[0], binder => binder
            .Unary<EchoRequest, EchoResponse>("Unary", UnaryAsync)
            .ServerStreaming<EchoRequest, EchoResponse>("ServerStream", ServerStreamAsync)
            .ClientStreaming<EchoRequest, EchoResponse>("Collect", CollectAsync)
            .DuplexStreaming<EchoRequest, EchoResponse>("Chat", ChatAsync));

    private async ValueTask<EchoResponse> UnaryAsync(EchoRequest request, ServerCallContext context)
    {
        if (context.RequestHeaders.Count > 0)
        {
            var echoed = new Metadata();
            foreach (var entry in context.RequestHeaders)
            {
                echoed.Add(entry);
                context.ResponseTrailers.Add(entry);
            }

            await context.WriteResponseHeadersAsync(echoed);
        }

        await SleepAsync(request, context);
        ThrowIfAsked(request);
        return Respond(request, context, 0);
    }

    private async Task ServerStreamAsync(EchoRequest request, IServerStreamWriter<EchoResponse> responses, ServerCallContext context)
    {
        await SleepAsync(request, context);
        for (var i = 0; i < request.Count; i++)
        {
            await responses.WriteAsync(Respond(request, context, i));
        }

        ThrowIfAsked(request);
    }

    private static async Task<EchoResponse> CollectAsync(IAsyncStreamReader<EchoRequest> requests, ServerCallContext context)
    {
        var joined = new List<string>();
        while (await requests.MoveNext(context.CancellationToken))
        {
            joined.Add(requests.Current.Message);
        }

        return new EchoResponse { Message = string.Join(",", joined), Index = joined.Count };
    }

    private static async Task ChatAsync(IAsyncStreamReader<EchoRequest> requests, IServerStreamWriter<EchoResponse> responses, ServerCallContext context)
    {
        var index = 0;
        while (await requests.MoveNext(context.CancellationToken))
        {
            await responses.WriteAsync(Respond(requests.Current, context, index++));
        }
    }

    private static EchoResponse Respond(EchoRequest request, ServerCallContext context, int index) => new()
    {
        Message = request.Message,
        PayloadLength = request.Payload.Length,
        Index = index,
        RequestEncoding = context.HttpContext.Request.Headers[GrpcHeaders.Encoding].ToString(),
        HasDeadline = context.Deadline != DateTime.MaxValue,
    };

    private static void ThrowIfAsked(EchoRequest request)
    {
        if (request.FailCode != 0)
        {
            throw new RpcException(new Status((StatusCode)request.FailCode, request.FailMessage));
        }
    }

    private async Task SleepAsync(EchoRequest request, ServerCallContext context)
    {
        if (request.SleepMs <= 0)
        {
            return;
        }

        Interlocked.Increment(ref _sleepingCalls);
        try
        {
            await Task.Delay(request.SleepMs, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _cancelledCalls);
            throw;
        }
    }
}
