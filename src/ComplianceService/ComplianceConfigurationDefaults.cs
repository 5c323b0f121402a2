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

    /// <summary>The configuration key of the HTTP endpoint's address (REST/JSON, OpenAPI, gRPC-Web).</summary>
    public const string HttpUrlKey = "Kestrel:Endpoints:Http:Url";

    /// <summary>The configuration key of the HTTP endpoint's protocols.</summary>
    public const string HttpProtocolsKey = "Kestrel:Endpoints:Http:Protocols";

    /// <summary>The configuration key of the HTTP endpoint's certificate (Kestrel's own; an https:// address needs it).</summary>
    public const string HttpCertificatePathKey = "Kestrel:Endpoints:Http:Certificate:Path";

    /// <summary>The HTTP endpoint's address when none is configured.</summary>
    public const string DefaultHttpUrl = "http://127.0.0.1:8080";

    /// <summary>The name of the gRPC endpoint under <c>Kestrel:Endpoints</c>.</summary>
    public const string GrpcEndpointName = "Grpc";

    /// <summary>The name of the HTTP endpoint under <c>Kestrel:Endpoints</c>.</summary>
    public const string HttpEndpointName = "Http";

    private const string HostingDiagnosticsLogLevelKey = "Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics";

    private const string GrpcLogLevelKey = "Logging:LogLevel:Grpc";

    private const string HealthCheckServiceLogLevelKey = "Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";

    /// <summary>
    /// Adds the defaults: the listen addresses (gRPC, HTTP/2 only; and HTTP, for REST, OpenAPI and gRPC-Web: HTTP/1.1,
    /// and HTTP/2 too when it has TLS) and the log levels of appsettings.json (which is not found when the
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
                [HttpUrlKey] = DefaultHttpUrl,
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                [GrpcLogLevelKey] = "Warning",
                [HostingDiagnosticsLogLevelKey] = "None",
                [HealthCheckServiceLogLevelKey] = "Critical",
            },
        });

        // HTTP/2 next to HTTP/1.1 needs TLS (ALPN): on a plain http:// address Kestrel would serve HTTP/1.1 anyway and
        // warn at every start, so the default is Http1AndHttp2 only where it can be negotiated.
        var httpUrl = configuration[HttpUrlKey];
        var httpTls = (httpUrl is not null && httpUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(configuration[HttpCertificatePathKey]);
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { [HttpProtocolsKey] = httpTls ? "Http1AndHttp2" : "Http1" },
        });

        var url = configuration[UrlKey];
        if (!string.IsNullOrEmpty(configuration[CertificatePathKey]) && url is not null && url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            configuration.AddInMemoryCollection([new(UrlKey, string.Concat("https://", url.AsSpan("http://".Length)))]);
        }

        return configuration;
    }
}
