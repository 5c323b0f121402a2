using ComplianceService.Grpc.Server.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceService.Grpc.Server;

/// <summary>Registers the gRPC protocol layer in the service container.</summary>
public static class GrpcServiceCollectionExtensions
{
    /// <summary>
    /// Adds the gRPC protocol layer: options, the service registry and the
    /// <see cref="HealthStatusRegistry"/> singleton.
    /// </summary>
    public static IServiceCollection AddGrpcProtocol(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<GrpcServerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSingleton<GrpcServiceRegistry>();
        services.AddSingleton<HealthStatusRegistry>();
        return services;
    }
}
