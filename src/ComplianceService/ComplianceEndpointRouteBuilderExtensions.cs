using ComplianceService.Rpc;

namespace ComplianceService;

/// <summary>Maps the ComplianceService host's endpoints.</summary>
public static class ComplianceEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>compliance.v1.ComplianceService</c>, <c>grpc.health.v1.Health</c> and server reflection
    /// (<c>grpc.reflection.v1</c> and <c>v1alpha</c>). Needs
    /// <see cref="ComplianceServiceCollectionExtensions.AddComplianceService"/>.
    /// </summary>
    public static IEndpointRouteBuilder MapComplianceService(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGrpcService<ComplianceRpcService>();
        endpoints.MapGrpcHealthChecksService();
        endpoints.MapGrpcReflectionService();
        return endpoints;
    }
}
