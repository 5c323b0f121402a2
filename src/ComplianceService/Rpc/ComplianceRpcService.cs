using ComplianceService.Contracts.V1;
using ComplianceService.Engine;
using ComplianceService.Policy;
using Grpc.Core;
using ComplianceGrpc = ComplianceService.Contracts.V1.ComplianceService;

namespace ComplianceService.Rpc;

/// <summary>
/// <c>compliance.v1.ComplianceService</c> on the generated base: each method reads the request, asks the engine of
/// the active policy snapshot, and maps the result to a reply or a gRPC status. No compliance logic lives here.
/// </summary>
/// <remarks>Every call into the engine is in this class, so a change of the engine's API touches this file only.</remarks>
public sealed class ComplianceRpcService(ActivePolicy active, TimeProvider time, IHostApplicationLifetime lifetime)
    : ComplianceGrpc.ComplianceServiceBase
{
    /// <summary>The service's full name, also its name in the health service.</summary>
    public const string ServiceName = "compliance.v1.ComplianceService";

    private static readonly Status NoPolicyLoaded = new(
        StatusCode.Unavailable,
        "No policy revision is loaded on this server yet: no decision can be made (never a guess).");

    /// <summary>One action during an encounter.</summary>
    public override Task<Decision> CheckEncounter(EncounterRequest request, ServerCallContext context)
    {
        var decision = CurrentSnapshot().CheckEncounter(request, time.GetUtcNow().UtcDateTime);
        return Task.FromResult(Reply(decision, request.IncidentId, request.Jurisdiction));
    }

    /// <summary>One request from a federal agency.</summary>
    public override Task<Decision> CheckCooperationRequest(CooperationRequest request, ServerCallContext context)
    {
        var decision = CurrentSnapshot().CheckCooperationRequest(request, time.GetUtcNow().UtcDateTime);
        return Task.FromResult(Reply(decision, request.IncidentId, request.Jurisdiction));
    }

    /// <summary>Every action at once for the same encounter.</summary>
    public override Task<EncounterAdvice> AdviseEncounter(EncounterRequest request, ServerCallContext context)
    {
        var advice = CurrentSnapshot().AdviseEncounter(request, time.GetUtcNow().UtcDateTime);
        if (advice.Error is { } error)
        {
            throw Refusal(error, request.Jurisdiction);
        }

        return Task.FromResult(advice.ToMessage(NewDecisionId, request.IncidentId));
    }

    /// <summary>The jurisdictions served.</summary>
    public override Task<ListJurisdictionsResponse> ListJurisdictions(ListJurisdictionsRequest request, ServerCallContext context) =>
        Task.FromResult(CurrentSnapshot().ListJurisdictions());

    /// <summary>The active policy revision, then each activation, until the caller goes away.</summary>
    public override async Task WatchPolicy(WatchPolicyRequest request, IServerStreamWriter<PolicyRevision> responseStream, ServerCallContext context)
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
                    await responseStream.WriteAsync(revision, ending.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (ending.IsCancellationRequested)
        {
            // The caller went away, its deadline passed, or the server is stopping: the stream ends.
        }
    }

    private PolicySnapshot CurrentSnapshot() => active.Snapshot ?? throw new RpcException(NoPolicyLoaded);

    private static Decision Reply(in EngineDecision decision, string incidentId, string jurisdiction)
    {
        if (decision.Error is { } error)
        {
            throw Refusal(error, jurisdiction);
        }

        return decision.ToMessage(NewDecisionId(), incidentId);
    }

    private static string NewDecisionId() => DecisionIds.Next().ToString();

    private static RpcException Refusal(ValidationError error, string jurisdiction) => new(new Status(
        error.Kind == ValidationErrorKind.NotFound ? StatusCode.NotFound : StatusCode.InvalidArgument,
        StatusMessages.Bounded(error.Message, jurisdiction)));
}
