using ComplianceService.Contracts.V1;
using ComplianceService.Grpc.Protocol;
using ComplianceService.Grpc.Server;

namespace ComplianceService.Rpc;

/// <summary>
/// The handlers of <c>compliance.v1.ComplianceService</c>. Until the engine lands every method
/// answers UNIMPLEMENTED: the service is registered (reflection lists it, health reports it
/// NOT_SERVING) but nothing pretends to decide.
/// </summary>
public sealed class ComplianceRpc
{
    private static readonly Status EngineNotAvailable = new(
        StatusCode.Unimplemented,
        "The compliance engine is not available in this build: no decision can be made.");

    /// <summary>Binds every method of the service descriptor to its handler.</summary>
    public void Map(IApplicationBuilder app) =>
        app.MapGrpcService(ComplianceReflection.Descriptor.Services[0], binder => binder
            .UnarySync<EncounterRequest, Decision>("CheckEncounter", CheckEncounter)
            .UnarySync<CooperationRequest, Decision>("CheckCooperationRequest", CheckCooperationRequest)
            .UnarySync<EncounterRequest, EncounterAdvice>("AdviseEncounter", AdviseEncounter)
            .UnarySync<ListJurisdictionsRequest, ListJurisdictionsResponse>("ListJurisdictions", ListJurisdictions)
            .ServerStreaming<WatchPolicyRequest, PolicyRevision>("WatchPolicy", WatchPolicy));

    /// <summary>One action during an encounter.</summary>
    public Decision CheckEncounter(EncounterRequest request, ServerCallContext context) => throw new RpcException(EngineNotAvailable);

    /// <summary>One request from a federal agency.</summary>
    public Decision CheckCooperationRequest(CooperationRequest request, ServerCallContext context) => throw new RpcException(EngineNotAvailable);

    /// <summary>Every action at once for the same encounter.</summary>
    public EncounterAdvice AdviseEncounter(EncounterRequest request, ServerCallContext context) => throw new RpcException(EngineNotAvailable);

    /// <summary>The jurisdictions served.</summary>
    public ListJurisdictionsResponse ListJurisdictions(ListJurisdictionsRequest request, ServerCallContext context) => throw new RpcException(EngineNotAvailable);

    /// <summary>The active policy revision, then each activation.</summary>
    public Task WatchPolicy(WatchPolicyRequest request, IServerStreamWriter<PolicyRevision> responses, ServerCallContext context) =>
        throw new RpcException(EngineNotAvailable);
}
