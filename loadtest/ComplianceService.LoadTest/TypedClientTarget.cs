using ComplianceService.Client;
using ComplianceService.Contracts.V1;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using ComplianceGrpc = ComplianceService.Contracts.V1.ComplianceService;

namespace ComplianceService.LoadTest;

/// <summary>
/// Calls through the generated client on Grpc.Net.Client with the client library's channel settings
/// (<see cref="ComplianceChannel"/>), as a .NET CAD vendor would: the request message is serialized and the
/// reply parsed on every call, so the figures include the client's own cost. One <see cref="GrpcChannel"/>
/// per connection; calls go round-robin by request number. The load tester's own deadline is used, not the
/// client's default one, and each channel is held to one connection (the client's spill into another
/// connection when one's streams are busy is off), so a run opens exactly the connections it was asked for.
/// </summary>
public sealed class TypedClientTarget : ILoadTarget, IDisposable
{
    private readonly GrpcChannel[] channels;
    private readonly ComplianceGrpc.ComplianceServiceClient[] clients;
    private readonly Health.HealthClient[] health;
    private readonly RequestMix mix;
    private readonly TimeSpan? deadline;

    /// <summary>Creates the target; connections open on first use.</summary>
    /// <param name="address">The server, e.g. http://127.0.0.1:50051.</param>
    /// <param name="mix">The requests.</param>
    /// <param name="settings">Connections and deadline.</param>
    public TypedClientTarget(Uri address, RequestMix mix, LoadTargetSettings settings)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(mix);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        this.mix = mix;
        deadline = settings.Deadline;
        channels = new GrpcChannel[settings.Connections];
        clients = new ComplianceGrpc.ComplianceServiceClient[settings.Connections];
        health = new Health.HealthClient[settings.Connections];
        var options = new ComplianceClientOptions { Deadline = null, EnableMultipleHttp2Connections = false };
        for (var i = 0; i < channels.Length; i++)
        {
            channels[i] = ComplianceChannel.Create(address, options);
            clients[i] = new ComplianceGrpc.ComplianceServiceClient(channels[i]);
            health[i] = new Health.HealthClient(channels[i]);
        }
    }

    /// <inheritdoc />
    public async ValueTask<CallOutcome> CallAsync(int requestIndex, CancellationToken cancellationToken)
    {
        var entry = mix[requestIndex];
        var connection = (uint)requestIndex % (uint)clients.Length;
        var client = clients[connection];
        var options = new CallOptions(deadline: deadline is { } d ? DateTime.UtcNow + d : null, cancellationToken: cancellationToken);
        try
        {
            switch (entry.Message)
            {
                case EncounterRequest encounter:
                    await client.CheckEncounterAsync(encounter, options).ConfigureAwait(false);
                    break;
                case CooperationRequest cooperation:
                    await client.CheckCooperationRequestAsync(cooperation, options).ConfigureAwait(false);
                    break;
                default:
                    await health[connection].CheckAsync(new HealthCheckRequest(), options).ConfigureAwait(false);
                    break;
            }

            return CallOutcome.Ok;
        }
        catch (RpcException e)
        {
            return new CallOutcome((int)e.StatusCode);
        }
        catch (OperationCanceledException)
        {
            return new CallOutcome(GrpcStatus.Cancelled);
        }
    }

    /// <summary>Closes the connections.</summary>
    public void Dispose()
    {
        foreach (var channel in channels)
        {
            channel.Dispose();
        }
    }
}
