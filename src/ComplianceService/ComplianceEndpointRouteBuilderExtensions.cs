using ComplianceService.Rpc;
using ComplianceService.Security;

namespace ComplianceService;

/// <summary>Maps the ComplianceService host's endpoints.</summary>
public static class ComplianceEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>compliance.v1.ComplianceService</c>, <c>grpc.health.v1.Health</c> and server reflection
    /// (<c>grpc.reflection.v1</c> and <c>v1alpha</c>). Needs
    /// <see cref="ComplianceServiceCollectionExtensions.AddComplianceService"/>. When caller authentication is
    /// configured the compliance methods require an authenticated caller, and when a rate limit is configured they are
    /// limited per caller; health and reflection stay open and unlimited.
    /// </summary>
    public static IEndpointRouteBuilder MapComplianceService(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var compliance = endpoints.MapGrpcService<ComplianceRpcService>();
        var security = SecurityRegistration.Read(endpoints.ServiceProvider.GetRequiredService<IConfiguration>());
        if (security.AuthenticationConfigured)
        {
            compliance.RequireAuthorization(SecurityRegistration.CallerPolicy);
        }

        if (security.RateLimit.Enabled)
        {
            compliance.RequireRateLimiting(SecurityRegistration.CallerRateLimit);
        }

        endpoints.MapGrpcHealthChecksService();
        endpoints.MapGrpcReflectionService();
        return endpoints;
    }
}
