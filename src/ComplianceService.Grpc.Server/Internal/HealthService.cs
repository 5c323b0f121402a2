using ComplianceService.Grpc.Protocol;
using Grpc.Health.V1;

namespace ComplianceService.Grpc.Server.Internal;

/// <summary>The handlers of <c>grpc.health.v1.Health</c>.</summary>
internal sealed class HealthService(HealthStatusRegistry registry)
{
    private static readonly HealthCheckResponse[] Responses =
    [
        new() { Status = HealthCheckResponse.Types.ServingStatus.Unknown },
        new() { Status = HealthCheckResponse.Types.ServingStatus.Serving },
        new() { Status = HealthCheckResponse.Types.ServingStatus.NotServing },
        new() { Status = HealthCheckResponse.Types.ServingStatus.ServiceUnknown },
    ];

    public HealthCheckResponse Check(HealthCheckRequest request, ServerCallContext context)
    {
        if (!registry.TryGetStatus(request.Service, out var status))
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"Unknown service '{request.Service}'."));
        }

        return Responses[(int)status];
    }

    public async Task Watch(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responses, ServerCallContext context)
    {
        var reader = registry.Subscribe(request.Service, out var unsubscribe);
        try
        {
            ServingStatus? last = null;
            while (await reader.WaitToReadAsync(context.CancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var status))
                {
                    if (status != last)
                    {
                        last = status;
                        await responses.WriteAsync(Responses[(int)status], context.CancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
        finally
        {
            unsubscribe();
        }
    }
}
