using ComplianceService.Client;
using ComplianceService.Contracts.V1;
using ComplianceService.Grpc.Protocol;

namespace ComplianceService.LoadTest;

/// <summary>
/// Calls through the typed <see cref="ComplianceClient"/>, as a .NET CAD vendor would: the request
/// message is serialized and the reply parsed on every call, so the figures include the client
/// library's own cost. One <see cref="GrpcChannel"/> (one HTTP/2 connection pool) per connection;
/// calls go round-robin by request number.
/// </summary>
public sealed class TypedClientTarget : ILoadTarget, IDisposable
{
    private readonly GrpcChannel[] channels;
    private readonly ComplianceClient[] clients;
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
        clients = new ComplianceClient[settings.Connections];
        for (var i = 0; i < channels.Length; i++)
        {
            channels[i] = GrpcChannel.ForAddress(address);
            clients[i] = new ComplianceClient(channels[i]);
        }
    }

    /// <inheritdoc />
    public async ValueTask<CallOutcome> CallAsync(int requestIndex, CancellationToken cancellationToken)
    {
        var entry = mix[requestIndex];
        var client = clients[(uint)requestIndex % (uint)clients.Length];
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
                    await client.CheckHealthAsync(string.Empty, options).ConfigureAwait(false);
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
