using ComplianceService.Grpc.Server;
using ComplianceService.Internal;
using ComplianceService.Policy;
using ComplianceService.Rpc;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComplianceService;

/// <summary>Builds the ComplianceService web application: Kestrel, configuration and gRPC services.</summary>
public static class ComplianceServiceHost
{
    /// <summary>The configuration key of the gRPC listen address.</summary>
    public const string UrlKey = "Kestrel:Endpoints:Grpc:Url";

    /// <summary>The configuration key of the TLS certificate file (PFX or PEM); setting it enables TLS.</summary>
    public const string CertificatePathKey = "Kestrel:Endpoints:Grpc:Certificate:Path";

    /// <summary>The listen address when none is configured.</summary>
    public const string DefaultUrl = "http://127.0.0.1:50051";

    private const string HostingDiagnosticsLogLevelKey = "Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>The configuration section of the gRPC layer's options.</summary>
    public const string GrpcOptionsSection = "Compliance:Grpc";

    /// <summary>The connection string name that switches on Redis mode (<c>ConnectionStrings:Redis</c>).</summary>
    public const string RedisConnectionName = "Redis";

    /// <summary>The health service name of the compliance service.</summary>
    public const string ComplianceServiceName = "compliance.v1.ComplianceService";

    /// <summary>
    /// Builds the application. <paramref name="configureBuilder"/> and <paramref name="configureApp"/>
    /// let tests (and a later integrator) add services or gRPC services before it starts.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configureBuilder = null, Action<WebApplication>? configureApp = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.WebHost.UseKestrelHttpsConfiguration();
        ApplyDefaults(builder.Configuration);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.Configure<HostOptions>(builder.Configuration.GetSection("HostOptions"));
        builder.Services.AddGrpcProtocol();
        builder.Services.Configure<GrpcServerOptions>(builder.Configuration.GetSection(GrpcOptionsSection));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.Configure<ComplianceOptions>(builder.Configuration.GetSection(ComplianceOptions.Section));
        builder.Services.AddSingleton<ActivePolicy>();
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(RedisConnectionName)))
        {
            builder.Services.AddHostedService<EmbeddedPolicySource>();
        }
        else
        {
            builder.Services.AddHostedService<RedisPolicySource>();
        }

        builder.Services.AddSingleton<ComplianceRpc>();
        configureBuilder?.Invoke(builder);

        var app = builder.Build();
        var health = app.Services.GetRequiredService<HealthStatusRegistry>();

        // ActivePolicy keeps health NOT_SERVING until a policy snapshot is loaded: never a guess.
        _ = app.Services.GetRequiredService<ActivePolicy>();
        app.MapGrpcHealthService();
        app.MapGrpcReflectionService();
        app.Services.GetRequiredService<ComplianceRpc>().Map(app);
        configureApp?.Invoke(app);

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ComplianceService");
        var lifetime = app.Lifetime;
        lifetime.ApplicationStarted.Register(() => Log.Listening(logger, string.Join(", ", BoundAddresses(app))));
        lifetime.ApplicationStopping.Register(() =>
        {
            health.EnterTerminalState();
            Log.Stopping(logger, app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
        });

        var certificatePath = builder.Configuration[CertificatePathKey];
        if (!string.IsNullOrEmpty(certificatePath))
        {
            Log.TlsEnabled(logger, certificatePath, builder.Configuration[UrlKey] ?? string.Empty);
        }

        return app;
    }

    /// <summary>The addresses Kestrel actually bound (with the real port when 0 was asked for).</summary>
    public static IReadOnlyList<string> BoundAddresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        return addresses is null ? [] : [.. addresses.Addresses];
    }

    /// <summary>
    /// Fills the defaults that depend on what is configured: the default address when none is configured, https
    /// when a certificate is configured with an http:// address (Kestrel's own endpoint loader then reads
    /// Certificate:Path and Certificate:Password and negotiates h2 by ALPN), and the hosting diagnostics log level.
    /// </summary>
    private static void ApplyDefaults(ConfigurationManager configuration)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var url = configuration[UrlKey];
        if (string.IsNullOrWhiteSpace(url))
        {
            url = DefaultUrl;
            overrides[UrlKey] = url;
        }

        if (!string.IsNullOrEmpty(configuration[CertificatePathKey]) && url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            overrides[UrlKey] = string.Concat("https://", url.AsSpan("http://".Length));
        }

        // ASP.NET Core's hosting layer starts an Activity for every request whenever its diagnostics logger is
        // enabled at any level (for log scopes): about 1 us of server CPU per call under an h2load CheckEncounter
        // load. Its own messages are request start/finish at Information level, so it is off unless configured
        // otherwise; an ActivityListener (tracing) still gets its activities.
        if (configuration[HostingDiagnosticsLogLevelKey] is null)
        {
            overrides[HostingDiagnosticsLogLevelKey] = "None";
        }

        if (overrides.Count > 0)
        {
            configuration.AddInMemoryCollection(overrides);
        }
    }
}
