namespace ComplianceService;

/// <summary>
/// <c>Compliance:Metrics</c>: the OpenTelemetry metrics, scraped at <c>/metrics</c> on the HTTP endpoint (Prometheus
/// text format) and, when <c>Compliance:Telemetry:Otlp:Endpoint</c> is set, exported by OTLP.
/// </summary>
/// <remarks>Read when the host's services are added (it decides which are), from the command line, the environment or
/// appsettings.json.</remarks>
public sealed class ComplianceMetricsOptions
{
    /// <summary>The route of the Prometheus scrape endpoint.</summary>
    public const string Route = "/metrics";

    /// <summary>Whether the metrics are collected and <c>/metrics</c> is served. Default true; when false nothing listens
    /// to the instruments, a call does no metrics work, and <c>/metrics</c> answers 404.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Whether ASP.NET Core's and Kestrel's own meters are collected too (<c>http.server.request.duration</c>,
    /// <c>kestrel.active_connections</c>, ...). Default false: they record on every request and cost about a quarter of
    /// CheckEncounter's throughput (h2load, side by side), against about 1 % for the service's own series.</summary>
    public bool HttpServer { get; set; }
}

/// <summary><c>Compliance:Telemetry</c>: export by OTLP, and traces.</summary>
/// <remarks>Read when the host's services are added (it decides which are).</remarks>
public sealed class ComplianceTelemetryOptions
{
    /// <summary><c>Compliance:Telemetry:Otlp</c>: where to export by OTLP.</summary>
    public ComplianceOtlpOptions Otlp { get; set; } = new();

    /// <summary><c>Compliance:Telemetry:Traces</c>: request traces (off by default).</summary>
    public ComplianceTracesOptions Traces { get; set; } = new();
}

/// <summary><c>Compliance:Telemetry:Otlp</c>: the OTLP collector.</summary>
public sealed class ComplianceOtlpOptions
{
    /// <summary>The collector's address, e.g. <c>http://127.0.0.1:4317</c> (gRPC) or <c>http://127.0.0.1:4318</c>
    /// (HTTP/protobuf). Unset (the default): metrics are only scraped, and traces, when on, go to OpenTelemetry's own
    /// default (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, else <c>http://localhost:4317</c>).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary><c>Grpc</c> (the default) or <c>HttpProtobuf</c>.</summary>
    public string Protocol { get; set; } = "Grpc";

    /// <summary>How often metrics are exported by OTLP. Default 60 s.</summary>
    public TimeSpan MetricsInterval { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary><c>Compliance:Telemetry:Traces</c>: one span per request (ASP.NET Core's), sampled, exported by OTLP.</summary>
public sealed class ComplianceTracesOptions
{
    /// <summary>Whether requests are traced. Default false: a traced request costs about a microsecond of server CPU
    /// (an Activity per request), sampled or not.</summary>
    public bool Enabled { get; set; }

    /// <summary>The share of traces kept, 0 to 1, when the caller's trace context does not decide (parent-based).
    /// Default 0.01.</summary>
    public double SampleRatio { get; set; } = 0.01;
}
