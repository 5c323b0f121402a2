using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace ComplianceService.Internal;

/// <summary>Logs where the server listens once it does (with the real port when 0 was asked for) and when it starts to stop.</summary>
internal sealed class ServerLifetimeLog(
    IServer server,
    IHostApplicationLifetime lifetime,
    IConfiguration configuration,
    IOptions<HostOptions> hostOptions,
    ILoggerFactory loggers) : IHostedService
{
    private readonly ILogger _logger = loggers.CreateLogger("ComplianceService");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            Log.Listening(_logger, string.Join(", ", addresses));
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
