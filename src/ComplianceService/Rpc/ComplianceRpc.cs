using ComplianceService.Contracts.V1;
using ComplianceService.Engine;
using ComplianceService.Grpc.Protocol;
using ComplianceService.Grpc.Server;
using ComplianceService.Policy;

namespace ComplianceService.Rpc;

/// <summary>
/// The handlers of <c>compliance.v1.ComplianceService</c>: each reads the request, asks the
/// engine of the active policy snapshot, and maps the result to a reply or a gRPC status. No
/// compliance logic lives here.
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
    internal DecisionReply CheckEncounter(EncounterRequest request, ServerCallContext context)
    {
        var decision = CurrentSnapshot().CheckEncounter(request, time.GetUtcNow().UtcDateTime);
        return Reply(decision, request.IncidentId);
    }

    /// <summary>One request from a federal agency.</summary>
    internal DecisionReply CheckCooperationRequest(CooperationRequest request, ServerCallContext context)
    {
        var decision = CurrentSnapshot().CheckCooperationRequest(request, time.GetUtcNow().UtcDateTime);
        return Reply(decision, request.IncidentId);
    }

    /// <summary>Every action at once for the same encounter.</summary>
    internal EncounterAdvice AdviseEncounter(EncounterRequest request, ServerCallContext context)
    {
        var advice = CurrentSnapshot().AdviseEncounter(request, time.GetUtcNow().UtcDateTime);
        if (advice.Error is { } error)
        {
            throw ToRpcException(error);
        }

        return advice.ToMessage(NewDecisionId, request.IncidentId);
    }

    /// <summary>The jurisdictions served.</summary>
    internal ListJurisdictionsResponse ListJurisdictions(ListJurisdictionsRequest request, ServerCallContext context) =>
        CurrentSnapshot().ListJurisdictions();

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

    private PolicySnapshot CurrentSnapshot() => active.Snapshot ?? throw new RpcException(NoPolicyLoaded);

    private static DecisionReply Reply(in EngineDecision decision, string incidentId)
    {
        if (decision.Error is { } error)
        {
            throw ToRpcException(error);
        }

        return new DecisionReply(decision, DecisionIds.Next(), incidentId);
    }

    private static string NewDecisionId() => DecisionIds.Next().ToString();

    private static RpcException ToRpcException(ValidationError error) => new(new Status(
        error.Kind == ValidationErrorKind.NotFound ? StatusCode.NotFound : StatusCode.InvalidArgument,
        error.Message));
}
