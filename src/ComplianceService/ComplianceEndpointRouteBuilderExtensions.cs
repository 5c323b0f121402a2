using ComplianceService.Internal;
using ComplianceService.Policy;
using ComplianceService.Rpc;
using ComplianceService.Security;
using OpenTelemetry.Metrics;

namespace ComplianceService;

/// <summary>Maps the ComplianceService host's endpoints.</summary>
public static class ComplianceEndpointRouteBuilderExtensions
{
    /// <summary>The route of the OpenAPI document (<c>/openapi/v1.json</c>).</summary>
    public const string OpenApiRoute = "/openapi/{documentName}.json";

    /// <summary>
    /// Maps <c>compliance.v1.ComplianceService</c> (gRPC, gRPC-Web, and REST/JSON from its <c>google.api.http</c>
    /// routes), <c>grpc.health.v1.Health</c> (gRPC and gRPC-Web), server reflection (<c>grpc.reflection.v1</c> and
    /// <c>v1alpha</c>), the OpenAPI document at <c>/openapi/v1.json</c>, WatchPolicy as server-sent events at
    /// <c>/v1/policy-revisions:watch</c>, the metrics at <c>/metrics</c> (when <c>Compliance:Metrics:Enabled</c>) and the
    /// web console at <c>/</c>. Needs
    /// <see cref="ComplianceServiceCollectionExtensions.AddComplianceService"/>. When caller authentication is
    /// configured the compliance methods (over every transport) and the revision events require an authenticated caller,
    /// and when a rate limit is configured the methods are limited per caller; health, reflection, the OpenAPI document,
    /// the metrics and the console's files stay open and unlimited.
    /// </summary>
    public static IEndpointRouteBuilder MapComplianceService(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var compliance = endpoints.MapGrpcService<ComplianceRpcService>().EnableGrpcWeb();
        compliance.Add(TranscodedRequestLimit.Apply);
        var security = SecurityRegistration.Read(endpoints.ServiceProvider.GetRequiredService<IConfiguration>());
        if (security.AuthenticationConfigured)
        {
            compliance.RequireAuthorization(SecurityRegistration.CallerPolicy);
        }

        if (security.RateLimit.Enabled)
        {
            compliance.RequireRateLimiting(SecurityRegistration.CallerRateLimit);
        }

        endpoints.MapGrpcHealthChecksService().EnableGrpcWeb();
        endpoints.MapGrpcReflectionService();

        // An endpoint, not Swashbuckle's middleware: nothing runs for a request to any other path.
        endpoints.MapSwagger(OpenApiRoute);

        // WatchPolicy for browsers (server-sent events), under the same caller policy as the compliance methods.
        var watch = endpoints.MapGet(PolicyRevisionEvents.Route, PolicyRevisionEvents.Watch).WithDisplayName("WatchPolicy (server-sent events)");
        if (security.AuthenticationConfigured)
        {
            watch.RequireAuthorization(SecurityRegistration.CallerPolicy);
        }

        // The Prometheus scrape endpoint, when the metrics are on (an endpoint: nothing runs for other requests).
        if (endpoints.ServiceProvider.GetService<MeterProvider>() is not null)
        {
            endpoints.MapPrometheusScrapingEndpoint(ComplianceMetricsOptions.Route);
        }

        WebConsole.Map(endpoints);
        return endpoints;
    }
}
