using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ComplianceService.Internal;

/// <summary>Logs where the server listens once it does (with the real port when 0 was asked for) and when it starts to stop.</summary>
internal sealed class ServerLifetimeLog(
    IServer server,
    IHostApplicationLifetime lifetime,
    IConfiguration configuration,
    ListenEndpoints endpoints,
    IOptions<HostOptions> hostOptions,
    ILoggerFactory loggers) : IHostedService
{
    private readonly ILogger _logger = loggers.CreateLogger("ComplianceService");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var grpc = ListenEndpoints.AddressOf(endpoints.Grpc, configuration[ComplianceConfigurationDefaults.UrlKey]);
            var http = ListenEndpoints.AddressOf(endpoints.Http, configuration[ComplianceConfigurationDefaults.HttpUrlKey]);
            if (grpc is not null && http is not null)
            {
                Log.Listening(_logger, grpc, http, endpoints.Http!.Protocols == HttpProtocols.Http1 ? "HTTP/1.1" : endpoints.Http.Protocols.ToString());
            }
            else
            {
                // Endpoints configured in code or under other names: the addresses as Kestrel lists them.
                Log.ListeningOn(_logger, string.Join(", ", server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []));
            }
            if (configuration[ComplianceConfigurationDefaults.CertificatePathKey] is { Length: > 0 } certificate)
            {
                Log.TlsEnabled(_logger, certificate, configuration[ComplianceConfigurationDefaults.UrlKey] ?? string.Empty);
            }
        });
        lifetime.ApplicationStopping.Register(() => Log.Stopping(_logger, hostOptions.Value.ShutdownTimeout));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
