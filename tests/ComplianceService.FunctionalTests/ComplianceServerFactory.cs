using ComplianceService.FunctionalTests.Echo;
using ComplianceService.Policy;
using ComplianceService.Testing.Hosting;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Hosting;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// The real host (<see cref="Program"/>, embedded policies) on 127.0.0.1 port 0, with the test-only
/// <c>testing.v1.Echo</c> service added beside the real ones. One per test class.
/// </summary>
public class ComplianceServerFactory : KestrelHostFactory<Program>
{
    /// <summary>The Echo service instance the server calls (a singleton), to see what its handlers saw.</summary>
    public EchoService Echo { get; } = new();

    /// <summary>The host's active policy.</summary>
    public ActivePolicy ActivePolicy => Services.GetRequiredService<ActivePolicy>();

    /// <summary>The health service's status store (what health Watch streams).</summary>
    public HealthServiceImpl HealthService => Services.GetRequiredService<HealthServiceImpl>();

    /// <summary>A plain channel to the server (no retries, no default deadline); dispose it.</summary>
    public GrpcChannel CreateChannel(GrpcChannelOptions? options = null) => GrpcChannel.ForAddress(Address, options ?? new GrpcChannelOptions());

    /// <inheritdoc />
    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton(Echo);
        services.AddSingleton<IStartupFilter, EchoEndpoints>();
    }

    /// <summary>
    /// Maps Echo in front of the host's own pipeline (which <see cref="Program"/> builds and tests do not change):
    /// its endpoints join the application's endpoint data sources, so reflection lists it too.
    /// </summary>
    private sealed class EchoEndpoints : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseWhen(
                context => context.Request.Path.StartsWithSegments("/testing.v1.Echo", StringComparison.Ordinal),
                echo => echo.UseRouting().UseEndpoints(endpoints => endpoints.MapGrpcService<EchoService>()));
            next(app);
        };
    }
}
