using ComplianceService.Client.Internal;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using ComplianceGrpc = ComplianceService.Contracts.V1.ComplianceService;

namespace ComplianceService.Client;

/// <summary>Registers the ComplianceService client with <c>IHttpClientFactory</c> (Grpc.Net.ClientFactory).</summary>
public static class ComplianceClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <c>ComplianceService.ComplianceServiceClient</c> (the generated stub of
    /// <c>compliance.v1.ComplianceService</c>) and <see cref="Health.HealthClient"/> for <paramref name="address"/>,
    /// both with the default service config of <see cref="ComplianceClientOptions"/>: a per-call deadline, retry
    /// on UNAVAILABLE with backoff, keepalive pings and several HTTP/2 connections. Inject the client where needed.
    /// </summary>
    /// <returns>The builder of the compliance client, to add interceptors or call credentials.</returns>
    public static IHttpClientBuilder AddComplianceClient(this IServiceCollection services, Uri address, Action<ComplianceClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(address);
        var options = new ComplianceClientOptions();
        configure?.Invoke(options);

        services.AddGrpcClient<Health.HealthClient>(o => o.Address = address).Configure(options);
        return services.AddGrpcClient<ComplianceGrpc.ComplianceServiceClient>(o => o.Address = address).Configure(options);
    }

    private static IHttpClientBuilder Configure(this IHttpClientBuilder builder, ComplianceClientOptions options)
    {
        // One long-lived handler: HttpClientFactory's default rotation every two minutes would drop the HTTP/2
        // connections (and their keepalive) for nothing.
        builder.ConfigurePrimaryHttpMessageHandler(() => ComplianceChannel.CreateHandler(options))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .ConfigureChannel(channel => ComplianceChannel.Configure(channel, options));
        if (options.Deadline is { } deadline)
        {
            builder.AddInterceptor(() => new DefaultDeadlineInterceptor(deadline));
        }

        return builder;
    }
}
