using ComplianceService.Audit;
using ComplianceService.HealthChecks;
using ComplianceService.Internal;
using ComplianceService.Policy;
using ComplianceService.Rpc;
using ComplianceService.Security;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi.Models;

namespace ComplianceService;

/// <summary>Registers the ComplianceService host's services.</summary>
public static class ComplianceServiceCollectionExtensions
{
    /// <summary>The OpenAPI document's name: it is served at <c>/openapi/v1.json</c>.</summary>
    public const string OpenApiDocumentName = "v1";

    /// <summary>
    /// Adds everything the host serves: <see cref="ComplianceOptions"/> (bound once from <c>Compliance</c>,
    /// validated at start-up), Kestrel's HTTP/2-only defaults, the gRPC server with its options from
    /// <c>Compliance:Grpc</c>, the active policy and its source (embedded, or Redis when
    /// <c>ConnectionStrings:Redis</c> is set), health and reflection, JSON transcoding of the protos' REST routes and
    /// its OpenAPI document, the metrics (<c>Compliance:Metrics</c>, OpenTelemetry) and OTLP export and traces
    /// (<c>Compliance:Telemetry</c>), caller authentication and the per-caller rate limit (<c>Compliance:Security</c>,
    /// <c>Authentication:Schemes:Bearer</c>), and the log filter that keeps caller-supplied text out of the framework's
    /// log lines. Use and map them with
    /// <see cref="ComplianceApplicationBuilderExtensions.UseCompliance"/> and
    /// <see cref="ComplianceEndpointRouteBuilderExtensions.MapComplianceService"/>.
    /// </summary>
    /// <remarks>Configuration is read when the host starts, not here, so settings added after this call count; except
    /// <c>Compliance:Metrics</c> and <c>Compliance:Telemetry</c>, read here because they decide which OpenTelemetry
    /// services exist (nothing is registered for what is off).</remarks>
    public static IServiceCollection AddComplianceService(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<ComplianceOptions>()
            .Bind(configuration.GetSection(ComplianceOptions.Section))
            .PostConfigure<IHostEnvironment>((options, environment) =>
            {
                var redis = configuration.GetConnectionString(ComplianceOptions.RedisConnectionName);
                options.RedisConfigured = !string.IsNullOrWhiteSpace(redis);
                if (options.RedisConfigured)
                {
                    options.Store.ConnectionString = redis!;
                }

                options.Security.BearerConfigured = SecurityRegistration.IsBearerConfigured(configuration);
                if (!string.IsNullOrWhiteSpace(options.Store.SnapshotPath))
                {
                    options.Store.SnapshotPath = Path.GetFullPath(options.Store.SnapshotPath, environment.ContentRootPath);
                }

                if (!string.IsNullOrWhiteSpace(options.Audit.Directory))
                {
                    options.Audit.Directory = Path.GetFullPath(options.Audit.Directory, environment.ContentRootPath);
                }

                options.Audit.Writer ??= options.Store.InstanceId;

                // A signing key given as a file path is read relative to the content root; PEM text stays as it is.
                var keys = options.Security.PolicySigningKeys;
                for (var i = 0; i < keys.Count; i++)
                {
                    if (!string.IsNullOrWhiteSpace(keys[i]) && !keys[i].Contains("-----BEGIN", StringComparison.Ordinal))
                    {
                        keys[i] = Path.GetFullPath(keys[i].Trim(), environment.ContentRootPath);
                    }
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ComplianceOptions>, ComplianceOptionsValidator>());
        services.Configure<HostOptions>(configuration.GetSection("HostOptions"));
        var endpoints = new ListenEndpoints();
        services.AddSingleton(endpoints);
        services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // HTTP/2 only unless an endpoint says otherwise (the Http endpoint's default is Http1AndHttp2).
            kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.ConfigurationLoader?
                .Endpoint(ComplianceConfigurationDefaults.GrpcEndpointName, endpoint => endpoints.Grpc = endpoint.ListenOptions)
                .Endpoint(ComplianceConfigurationDefaults.HttpEndpointName, endpoint => endpoints.Http = endpoint.ListenOptions);
        });

        // REST/JSON from the protos' google.api.http routes: the same service methods (and so the same validation
        // and audit records) behind HTTP/JSON endpoints; enums written as names, errors as google.rpc.Status.
        // Unset fields are left out, as in proto3 JSON and grpcurl (a false becomes_true, an empty depends_on).
        services.AddGrpc().AddJsonTranscoding(transcoding => transcoding.JsonSettings.IgnoreDefaultValues = true);
        services.AddGrpcSwagger();
        services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc(OpenApiDocumentName, new OpenApiInfo
            {
                Title = "ComplianceService",
                Version = OpenApiDocumentName,
                Description = "compliance.v1.ComplianceService over REST/JSON (gRPC JSON transcoding of protos/compliance/v1). Enums are their names; errors are google.rpc.Status with the matching HTTP status.",
            });

            // The proto comments, as Grpc.Tools wrote them into the contracts' XML documentation.
            var comments = Path.Combine(AppContext.BaseDirectory, "ComplianceService.Contracts.xml");
            if (File.Exists(comments))
            {
                swagger.IncludeXmlComments(comments);
                swagger.IncludeGrpcXmlComments(comments, includeControllerXmlComments: true);
            }
        });
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<ComplianceOptions>>((grpc, compliance) =>
        {
            var options = compliance.Value.Grpc;
            grpc.MaxReceiveMessageSize = options.MaxReceiveMessageSize;
            grpc.MaxSendMessageSize = options.MaxSendMessageSize;
            grpc.EnableDetailedErrors = options.EnableDetailedErrors;
            grpc.ResponseCompressionAlgorithm = options.ResponseCompressionAlgorithm;
            grpc.ResponseCompressionLevel = options.ResponseCompressionLevel;
        });
        services.AddGrpcReflection();
        SecurityRegistration.AddSecurity(services);
        HostLoggerFactory.AddTo(services);
        services.AddGrpcHealthChecks(health => health.Services.Map(ComplianceRpcService.ServiceName, check => check.Name == PolicyLoadedHealthCheck.Name))
            .AddCheck<PolicyLoadedHealthCheck>(PolicyLoadedHealthCheck.Name);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ActivePolicy>();
        services.AddSingleton<ComplianceRpcService>();
        services.AddSingleton<ServerMetrics>();
        TelemetryRegistration.Add(services, configuration);
        services.AddSingleton<DecisionAudit>();
        services.AddHostedService<AuditShipper>();
        services.AddHostedService<ServerLifetimeLog>();

        // Subscribed to activations before a policy source can activate anything.
        services.AddHostedService<HealthPublication>();

        // Which source is decided when the host starts, from the configuration as it is then.
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<IOptions<ComplianceOptions>>().Value.RedisConfigured
            ? ActivatorUtilities.CreateInstance<RedisPolicySource>(provider)
            : ActivatorUtilities.CreateInstance<EmbeddedPolicySource>(provider));
        return services;
    }
}
