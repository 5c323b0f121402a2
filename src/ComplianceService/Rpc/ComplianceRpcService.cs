using ComplianceService.Audit;
using ComplianceService.Contracts.V1;
using ComplianceService.Internal;
using ComplianceService.Policy;
using ComplianceService.Security;
using ComplianceService.Wire;
using Grpc.Core;
using ComplianceGrpc = ComplianceService.Contracts.V1.ComplianceService;

namespace ComplianceService.Rpc;

/// <summary>
/// <c>compliance.v1.ComplianceService</c> on the generated base: each method hands the request to the active policy's
/// gRPC adapter (<see cref="ServedPolicy"/>: request -> validated query -> engine -> reply) and maps a refusal to a
/// gRPC status. No compliance logic and no field validation lives here; the adapter also bounds how much caller
/// text a refusal repeats. Bound by <see cref="ComplianceServiceBinding"/> (the generated binding, with the decision
/// marshaller).
/// </summary>
[BindServiceMethod(typeof(ComplianceServiceBinding), nameof(ComplianceServiceBinding.BindService))]
public sealed class ComplianceRpcService(ActivePolicy active, DecisionAudit audit, ServerMetrics metrics, TimeProvider time, IHostApplicationLifetime lifetime)
    : ComplianceGrpc.ComplianceServiceBase
{
    /// <summary>The service's full name, also its name in the health service.</summary>
    public const string ServiceName = "compliance.v1.ComplianceService";

    private static readonly Status NoPolicyLoaded = new(
        StatusCode.Unavailable,
        "No policy revision is loaded on this server yet: no decision can be made (never a guess).");

    /// <summary>One action during an encounter; recorded in the audit trail before the reply leaves.</summary>
    public override Task<Decision> CheckEncounter(EncounterRequest request, ServerCallContext context)
    {
        var started = metrics.Start();
        var now = time.GetUtcNow();
        var reply = CurrentPolicy().CheckEncounter(request, now.UtcDateTime, out var decision) is { } error ? throw Refusal(error) : decision!;
        if (audit.Enabled)
        {
            audit.Record(audit.Records.Encounter(request, reply, Caller(context), Peer(context), now));
        }

        metrics.Decided(reply);
        metrics.Answered(started, nameof(CheckEncounter));
        return Task.FromResult(reply);
    }

    /// <summary>One request from a federal agency; recorded in the audit trail before the reply leaves.</summary>
    public override Task<Decision> CheckCooperationRequest(CooperationRequest request, ServerCallContext context)
    {
        var started = metrics.Start();
        var now = time.GetUtcNow();
        var reply = CurrentPolicy().CheckCooperationRequest(request, now.UtcDateTime, out var decision) is { } error ? throw Refusal(error) : decision!;
        if (audit.Enabled)
        {
            audit.Record(audit.Records.Cooperation(request, reply, Caller(context), Peer(context), now));
        }

        metrics.Decided(reply);
        metrics.Answered(started, nameof(CheckCooperationRequest));
        return Task.FromResult(reply);
    }

    /// <summary>Every action at once for the same encounter; each action's decision is recorded.</summary>
    public override Task<EncounterAdvice> AdviseEncounter(EncounterRequest request, ServerCallContext context)
    {
        var started = metrics.Start();
        var now = time.GetUtcNow();
        var reply = CurrentPolicy().AdviseEncounter(request, now.UtcDateTime, out var advice) is { } error ? throw Refusal(error) : advice!;
        if (audit.Enabled)
        {
            var (caller, peer) = (Caller(context), Peer(context));
            var records = new DecisionAuditRecord[reply.Decisions.Count];
            for (var i = 0; i < records.Length; i++)
            {
                records[i] = audit.Records.Encounter(request, reply.Decisions[i], caller, peer, now, nameof(AdviseEncounter));
            }

            audit.Record<DecisionAuditRecord>(records);
        }

        metrics.Decided(reply);
        metrics.Answered(started, nameof(AdviseEncounter));
        return Task.FromResult(reply);
    }

    /// <summary>The jurisdictions served.</summary>
    public override Task<ListJurisdictionsResponse> ListJurisdictions(ListJurisdictionsRequest request, ServerCallContext context) =>
        Task.FromResult(CurrentPolicy().ListJurisdictions());

    /// <summary>One jurisdiction's sources and rules, from the active snapshot.</summary>
    public override Task<JurisdictionPolicy> GetJurisdictionPolicy(GetJurisdictionPolicyRequest request, ServerCallContext context) =>
        Task.FromResult(CurrentPolicy().GetJurisdictionPolicy(request, out var reply) is { } error ? throw Refusal(error) : reply!);

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

    // Who asked: the certificate subject or the token's client id (CallerIdentity), else anonymous (the peer address is
    // recorded beside it).
    private static string Caller(ServerCallContext context) => CallerIdentity.Of(context.GetHttpContext())?.Id ?? "anonymous";

    // The caller's address, as context.Peer names it, without making the string on every call.
    private static PeerAddress Peer(ServerCallContext context)
    {
        var connection = context.GetHttpContext().Connection;
        return new PeerAddress(connection.RemoteIpAddress, connection.RemotePort);
    }

    private ServedPolicy CurrentPolicy() => active.Served ?? throw new RpcException(NoPolicyLoaded);

    private static RpcException Refusal(RequestError error) => new(new Status(
        error.Kind == RequestErrorKind.NotFound ? StatusCode.NotFound : StatusCode.InvalidArgument,
        error.Message));
}
