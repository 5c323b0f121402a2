using ComplianceService.Contracts.V1;
using ComplianceService.Policy;
using ComplianceService.Wire;
using Grpc.Core;
using ComplianceGrpc = ComplianceService.Contracts.V1.ComplianceService;

namespace ComplianceService.Rpc;

/// <summary>
/// <c>compliance.v1.ComplianceService</c> on the generated base: each method hands the request to the active policy's
/// gRPC adapter (<see cref="ServedPolicy"/>: request -> validated query -> engine -> reply) and maps a refusal to a
/// gRPC status. No compliance logic and no field validation lives here; the adapter also bounds how much caller
/// text a refusal repeats.
/// </summary>
public sealed class ComplianceRpcService(ActivePolicy active, TimeProvider time, IHostApplicationLifetime lifetime)
    : ComplianceGrpc.ComplianceServiceBase
{
    /// <summary>The service's full name, also its name in the health service.</summary>
    public const string ServiceName = "compliance.v1.ComplianceService";

    private static readonly Status NoPolicyLoaded = new(
        StatusCode.Unavailable,
        "No policy revision is loaded on this server yet: no decision can be made (never a guess).");

    /// <summary>One action during an encounter.</summary>
    public override Task<Decision> CheckEncounter(EncounterRequest request, ServerCallContext context) =>
        Task.FromResult(CurrentPolicy().CheckEncounter(request, Now, out var reply) is { } error ? throw Refusal(error) : reply!);

    /// <summary>One request from a federal agency.</summary>
    public override Task<Decision> CheckCooperationRequest(CooperationRequest request, ServerCallContext context) =>
        Task.FromResult(CurrentPolicy().CheckCooperationRequest(request, Now, out var reply) is { } error ? throw Refusal(error) : reply!);

    /// <summary>Every action at once for the same encounter.</summary>
    public override Task<EncounterAdvice> AdviseEncounter(EncounterRequest request, ServerCallContext context) =>
        Task.FromResult(CurrentPolicy().AdviseEncounter(request, Now, out var advice) is { } error ? throw Refusal(error) : advice!);

    /// <summary>The jurisdictions served.</summary>
    public override Task<ListJurisdictionsResponse> ListJurisdictions(ListJurisdictionsRequest request, ServerCallContext context) =>
        Task.FromResult(CurrentPolicy().ListJurisdictions());

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

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private ServedPolicy CurrentPolicy() => active.Served ?? throw new RpcException(NoPolicyLoaded);

    private static RpcException Refusal(RequestError error) => new(new Status(
        error.Kind == RequestErrorKind.NotFound ? StatusCode.NotFound : StatusCode.InvalidArgument,
        error.Message));
}
