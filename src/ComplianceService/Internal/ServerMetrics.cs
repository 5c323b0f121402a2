using System.Diagnostics.Metrics;

namespace ComplianceService.Internal;

/// <summary>The host's own instruments, on the <c>ComplianceService</c> meter (OpenTelemetry or dotnet-counters read it).</summary>
internal static class ServerMetrics
{
    public const string MeterName = "ComplianceService";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>
    /// <c>compliance.kestrel.http2.output_queue_exceeded</c>: every time Kestrel found a connection's HTTP/2 output queue
    /// over its limit (a client opening streams without reading the answers); each such connection is logged once.
    /// </summary>
    public static readonly Counter<long> Http2OutputQueueExceeded = Meter.CreateCounter<long>(
        "compliance.kestrel.http2.output_queue_exceeded",
        unit: "{event}",
        description: "Kestrel events of an HTTP/2 connection whose output queue overflowed; the connection is aborted and logged once.");
}
