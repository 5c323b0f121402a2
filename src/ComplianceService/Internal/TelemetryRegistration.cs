using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ComplianceService.Internal;

/// <summary>
/// OpenTelemetry for the host: the metrics (<see cref="ServerMetrics.MeterNames"/>, and ASP.NET Core's and Kestrel's
/// meters unless <c>Compliance:Metrics:HttpServer=false</c>) for the Prometheus scrape endpoint and, when an OTLP
/// endpoint is set, OTLP; traces only when <c>Compliance:Telemetry:Traces:Enabled</c>, sampled. Nothing is registered for
/// what is off, so nothing listens and a call pays nothing for it.
/// </summary>
internal static class TelemetryRegistration
{
    /// <summary>The service name in the exported resource.</summary>
    public const string ServiceName = "ComplianceService";

    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(ComplianceOptions.Section);
        var metrics = section.GetSection("Metrics").Get<ComplianceMetricsOptions>() ?? new();
        var telemetry = section.GetSection("Telemetry").Get<ComplianceTelemetryOptions>() ?? new();
        if (!metrics.Enabled && !telemetry.Traces.Enabled)
        {
            return;
        }

        var otlp = telemetry.Otlp;
        var builder = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(ServiceName));
        if (metrics.Enabled)
        {
            builder.WithMetrics(meters =>
            {
                meters.AddMeter([.. ServerMetrics.MeterNames]);
                if (metrics.HttpServer)
                {
                    meters.AddAspNetCoreInstrumentation();
                }

                // Every scrape collects afresh (the exporter's default caches a scrape for 300 ms).
                meters.AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp.Endpoint is not null)
                {
                    meters.AddOtlpExporter((exporter, reader) =>
                    {
                        Configure(exporter, otlp, "v1/metrics");
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)otlp.MetricsInterval.TotalMilliseconds;
                    });
                }
            });
        }

        if (telemetry.Traces.Enabled)
        {
            builder.WithTracing(traces => traces
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(telemetry.Traces.SampleRatio)))
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(exporter => Configure(exporter, otlp, "v1/traces")));
        }
    }

    // An endpoint given here is used as it is, so for HTTP/protobuf the signal's path is added to the base address.
    private static void Configure(OtlpExporterOptions exporter, ComplianceOtlpOptions otlp, string httpPath)
    {
        exporter.Protocol = otlp.Protocol == "HttpProtobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        if (otlp.Endpoint is { } endpoint)
        {
            exporter.Endpoint = exporter.Protocol == OtlpExportProtocol.HttpProtobuf
                ? new Uri(new Uri(endpoint.ToString().TrimEnd('/') + "/"), httpPath)
                : endpoint;
        }
    }
}
