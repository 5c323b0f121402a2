using ComplianceService.FunctionalTests.Echo;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// The test-only <c>testing.v1.Echo</c> service, on Grpc.AspNetCore beside the real services: echoes, sleeps
/// (honouring cancellation), fails on request and returns the request metadata as response headers and trailers.
/// </summary>
public sealed class EchoService : Echo.Echo.EchoBase
{
    private int _cancelledCalls;
    private int _sleepingCalls;

    /// <summary>How many handlers saw their call cancelled (deadline or client reset) while sleeping.</summary>
    public int CancelledCalls => Volatile.Read(ref _cancelledCalls);

    /// <summary>How many handlers have started a requested sleep.</summary>
    public int CallsStarted => Volatile.Read(ref _sleepingCalls);

    public override async Task<EchoResponse> Unary(EchoRequest request, ServerCallContext context)
    {
        var echoed = new Metadata();
        foreach (var entry in context.RequestHeaders)
        {
            if (entry.Key.StartsWith("x-", StringComparison.Ordinal))
            {
                echoed.Add(entry);
                context.ResponseTrailers.Add(entry);
            }
        }

        if (echoed.Count > 0)
        {
            await context.WriteResponseHeadersAsync(echoed);
        }

        await SleepAsync(request, context);
        ThrowIfAsked(request);
        return Respond(request, context, 0);
    }

    public override async Task ServerStream(EchoRequest request, IServerStreamWriter<EchoResponse> responseStream, ServerCallContext context)
    {
        await SleepAsync(request, context);
        for (var i = 0; i < request.Count; i++)
        {
            await responseStream.WriteAsync(Respond(request, context, i));
        }

        ThrowIfAsked(request);
    }

    public override async Task<EchoResponse> Collect(IAsyncStreamReader<EchoRequest> requestStream, ServerCallContext context)
    {
        var joined = new List<string>();
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            joined.Add(request.Message);
        }

        return new EchoResponse { Message = string.Join(",", joined), Index = joined.Count };
    }

    public override async Task Chat(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoResponse> responseStream, ServerCallContext context)
    {
        var index = 0;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            await responseStream.WriteAsync(Respond(request, context, index++));
        }
    }

    private static EchoResponse Respond(EchoRequest request, ServerCallContext context, int index) => new()
    {
        Message = request.Message,
        PayloadLength = request.Payload.Length,
        Index = index,
        RequestEncoding = context.GetHttpContext().Request.Headers["grpc-encoding"].ToString(),
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
