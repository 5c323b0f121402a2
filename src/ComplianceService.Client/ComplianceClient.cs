using ComplianceService.Contracts.V1;
using ComplianceService.Grpc.Protocol;
using Grpc.Health.V1;

namespace ComplianceService.Client;

/// <summary>
/// The typed client of <c>compliance.v1.ComplianceService</c> (and of its health check).
/// Every method throws <see cref="RpcException"/> when the call ends with a non-OK status.
/// </summary>
public sealed class ComplianceClient
{
    /// <summary>The service's full name, also its name in the health service.</summary>
    public const string ServiceName = "compliance.v1.ComplianceService";

    private const string CheckEncounterMethod = "/compliance.v1.ComplianceService/CheckEncounter";
    private const string CheckCooperationRequestMethod = "/compliance.v1.ComplianceService/CheckCooperationRequest";
    private const string AdviseEncounterMethod = "/compliance.v1.ComplianceService/AdviseEncounter";
    private const string ListJurisdictionsMethod = "/compliance.v1.ComplianceService/ListJurisdictions";
    private const string WatchPolicyMethod = "/compliance.v1.ComplianceService/WatchPolicy";
    private const string HealthCheckMethod = "/grpc.health.v1.Health/Check";

    private readonly GrpcChannel _channel;

    /// <summary>Creates a client over <paramref name="channel"/> (which the caller owns and disposes).</summary>
    public ComplianceClient(GrpcChannel channel)
    {
        _channel = channel ?? throw new ArgumentNullException(nameof(channel));
    }

    /// <summary>Decides one action during an encounter.</summary>
    public Task<Decision> CheckEncounterAsync(EncounterRequest request, CallOptions options = default) =>
        _channel.UnaryAsync(CheckEncounterMethod, request, ProtobufMarshaller<EncounterRequest>.Default, ProtobufMarshaller<Decision>.Default, options);

    /// <summary>Decides one request from a federal agency.</summary>
    public Task<Decision> CheckCooperationRequestAsync(CooperationRequest request, CallOptions options = default) =>
        _channel.UnaryAsync(CheckCooperationRequestMethod, request, ProtobufMarshaller<CooperationRequest>.Default, ProtobufMarshaller<Decision>.Default, options);

    /// <summary>Decides every action at once for the same encounter.</summary>
    public Task<EncounterAdvice> AdviseEncounterAsync(EncounterRequest request, CallOptions options = default) =>
        _channel.UnaryAsync(AdviseEncounterMethod, request, ProtobufMarshaller<EncounterRequest>.Default, ProtobufMarshaller<EncounterAdvice>.Default, options);

    /// <summary>Lists the jurisdictions served.</summary>
    public Task<ListJurisdictionsResponse> ListJurisdictionsAsync(ListJurisdictionsRequest? request = null, CallOptions options = default) =>
        _channel.UnaryAsync(ListJurisdictionsMethod, request ?? new ListJurisdictionsRequest(), ProtobufMarshaller<ListJurisdictionsRequest>.Default, ProtobufMarshaller<ListJurisdictionsResponse>.Default, options);

    /// <summary>The active policy revision, then each revision as it is activated, until cancelled.</summary>
    public IAsyncEnumerable<PolicyRevision> WatchPolicy(WatchPolicyRequest? request = null, CallOptions options = default) =>
        _channel.ServerStreaming(WatchPolicyMethod, request ?? new WatchPolicyRequest(), ProtobufMarshaller<WatchPolicyRequest>.Default, ProtobufMarshaller<PolicyRevision>.Default, options);

    /// <summary>
    /// Checks the serving status of <paramref name="service"/> (default: this service; "" for the
    /// whole server). An unknown service throws <see cref="RpcException"/> with NOT_FOUND.
    /// </summary>
    public async Task<HealthCheckResponse.Types.ServingStatus> CheckHealthAsync(string service = ServiceName, CallOptions options = default)
    {
        var response = await _channel.UnaryAsync(
            HealthCheckMethod,
            new HealthCheckRequest { Service = service },
            ProtobufMarshaller<HealthCheckRequest>.Default,
            ProtobufMarshaller<HealthCheckResponse>.Default,
            options).ConfigureAwait(false);
        return response.Status;
    }
}
