using ComplianceService.Contracts.V1;
using ComplianceService.Grpc.Protocol;
using ComplianceService.Grpc.Server;
using ComplianceService.Policy;
using ComplianceService.Wire;

namespace ComplianceService.Rpc;

/// <summary>
/// The handlers of <c>compliance.v1.ComplianceService</c>: each hands the request to the active
/// policy's gRPC adapter (<see cref="ServedPolicy"/>: request -> query -> engine -> reply) and maps
/// a refusal to a gRPC status. No compliance logic and no field validation lives here.
/// </summary>
public sealed class ComplianceRpc(ActivePolicy active, TimeProvider time, IHostApplicationLifetime lifetime)
{
    private static readonly Status NoPolicyLoaded = new(
        StatusCode.Unavailable,
        "No policy revision is loaded on this server yet: no decision can be made (never a guess).");

    /// <summary>Binds every method of the service descriptor to its handler.</summary>
    public void Map(IApplicationBuilder app) =>
        app.MapGrpcService(ComplianceReflection.Descriptor.Services[0], binder => binder
            .UnarySync<EncounterRequest, DecisionReply>("CheckEncounter", CheckEncounter, responseMarshaller: DecisionReplyMarshaller.Instance)
            .UnarySync<CooperationRequest, DecisionReply>("CheckCooperationRequest", CheckCooperationRequest, responseMarshaller: DecisionReplyMarshaller.Instance)
            .UnarySync<EncounterRequest, EncounterAdvice>("AdviseEncounter", AdviseEncounter)
            .UnarySync<ListJurisdictionsRequest, ListJurisdictionsResponse>("ListJurisdictions", ListJurisdictions)
            .ServerStreaming<WatchPolicyRequest, PolicyRevision>("WatchPolicy", WatchPolicy));

    /// <summary>One action during an encounter.</summary>
    internal DecisionReply CheckEncounter(EncounterRequest request, ServerCallContext context) =>
        CurrentPolicy().CheckEncounter(request, time.GetUtcNow().UtcDateTime, out var reply) is { } error ? throw ToRpcException(error) : reply;

    /// <summary>One request from a federal agency.</summary>
    internal DecisionReply CheckCooperationRequest(CooperationRequest request, ServerCallContext context) =>
        CurrentPolicy().CheckCooperationRequest(request, time.GetUtcNow().UtcDateTime, out var reply) is { } error ? throw ToRpcException(error) : reply;

    /// <summary>Every action at once for the same encounter.</summary>
    internal EncounterAdvice AdviseEncounter(EncounterRequest request, ServerCallContext context) =>
        CurrentPolicy().AdviseEncounter(request, time.GetUtcNow().UtcDateTime, out var advice) is { } error ? throw ToRpcException(error) : advice!;

    /// <summary>The jurisdictions served.</summary>
    internal ListJurisdictionsResponse ListJurisdictions(ListJurisdictionsRequest request, ServerCallContext context) =>
        CurrentPolicy().ListJurisdictions();

    /// <summary>The active policy revision, then each activation, until the caller goes away.</summary>
    internal async Task WatchPolicy(WatchPolicyRequest request, IServerStreamWriter<PolicyRevision> responses, ServerCallContext context)
    {
        // A server that is stopping ends the stream at once rather than holding shutdown open.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        using var subscription = active.Subscribe();
        var reader = subscription.Revisions;
        try
        {
            while (await reader.WaitToReadAsync(ending.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var revision))
                {
                    await responses.WriteAsync(revision, ending.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (ending.IsCancellationRequested)
        {
            // The caller went away, its deadline passed, or the server is stopping: the stream ends.
        }
    }

    private ServedPolicy CurrentPolicy() => active.Served ?? throw new RpcException(NoPolicyLoaded);

    private static RpcException ToRpcException(RequestError error) => new(new Status(
        error.Kind == RequestErrorKind.NotFound ? StatusCode.NotFound : StatusCode.InvalidArgument,
        error.Message));
}
