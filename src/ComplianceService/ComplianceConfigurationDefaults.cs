using Microsoft.Extensions.Configuration.Memory;

namespace ComplianceService;

/// <summary>The configuration defaults of the host, added before anything else reads the configuration.</summary>
public static class ComplianceConfigurationDefaults
{
    /// <summary>The configuration key of the gRPC listen address.</summary>
    public const string UrlKey = "Kestrel:Endpoints:Grpc:Url";

    /// <summary>The configuration key of the TLS certificate file (PFX or PEM); setting it enables TLS.</summary>
    public const string CertificatePathKey = "Kestrel:Endpoints:Grpc:Certificate:Path";

    /// <summary>The listen address when none is configured.</summary>
    public const string DefaultUrl = "http://127.0.0.1:50051";

    private const string HostingDiagnosticsLogLevelKey = "Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics";

    private const string GrpcLogLevelKey = "Logging:LogLevel:Grpc";

    private const string HealthCheckServiceLogLevelKey = "Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";

    /// <summary>
    /// Adds the defaults: the listen address and the log levels of appsettings.json (which is not found when the
    /// server runs from another directory) as the lowest-priority source
    /// (any configured value wins, whenever it is added), and https for an http:// address when a certificate is
    /// configured (Kestrel's own endpoint loader then reads Certificate:Path and Certificate:Password and
    /// negotiates h2 by ALPN).
    /// </summary>
    /// <remarks>
    /// ASP.NET Core's hosting layer starts an Activity for every request whenever its diagnostics logger is enabled
    /// at any level (for log scopes): about 1 us of server CPU per call under an h2load CheckEncounter load. Its
    /// own messages are request start/finish at Information level, so it is off unless configured otherwise; an
    /// ActivityListener (tracing) still gets its activities.
    /// The health check service logs every Unhealthy result as an error, on every health Check call; having no
    /// policy revision yet is an expected state that the policy source logs once, so it logs only critical
    /// events unless configured otherwise.
    /// Grpc.AspNetCore logs at Information once per refused call (every NOT_FOUND and INVALID_ARGUMENT) and per
    /// stream of an aborted connection (a hostile client's 2,000 streams gave 198 such lines), so, like
    /// Microsoft.AspNetCore, it logs warnings and above unless configured otherwise.
    /// </remarks>
    public static IConfigurationBuilder AddComplianceDefaults(this ConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                [UrlKey] = DefaultUrl,
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                [GrpcLogLevelKey] = "Warning",
                [HostingDiagnosticsLogLevelKey] = "None",
                [HealthCheckServiceLogLevelKey] = "Critical",
            },
        });

        var url = configuration[UrlKey];
        if (!string.IsNullOrEmpty(configuration[CertificatePathKey]) && url is not null && url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            configuration.AddInMemoryCollection([new(UrlKey, string.Concat("https://", url.AsSpan("http://".Length)))]);
        }

        return configuration;
    }
}
