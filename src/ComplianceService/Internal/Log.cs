using Microsoft.Extensions.Logging;

namespace ComplianceService.Internal;

/// <summary>The log events of the host (fixed event ids).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "ComplianceService listening on {GrpcAddress} (gRPC, HTTP/2 only) and {HttpAddress} (REST/JSON, OpenAPI, gRPC-Web; {HttpProtocols}).")]
    public static partial void Listening(ILogger logger, string grpcAddress, string httpAddress, string httpProtocols);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "ComplianceService listening on {Addresses}.")]
    public static partial void ListeningOn(ILogger logger, string addresses);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "TLS enabled with the certificate at {CertificatePath}; the gRPC endpoint is {Url}.")]
    public static partial void TlsEnabled(ILogger logger, string certificatePath, string url);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Stopping: health set NOT_SERVING; in-flight calls have up to {ShutdownTimeout} to finish.")]
    public static partial void Stopping(ILogger logger, TimeSpan shutdownTimeout);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Publishing the health status at once failed; the next periodic publication will carry it.")]
    public static partial void HealthPublicationFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Connection id \"{ConnectionId}\" exceeded the HTTP/2 output operations maximum queue size (a client opening streams without reading the answers) and was aborted; further events of this connection are counted in compliance.kestrel.http2.output_queue_exceeded, not logged.")]
    public static partial void Http2OutputQueueExceeded(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 110, Level = LogLevel.Error, Message = "Policy error: {Diagnostic}")]
    public static partial void PolicyDiagnostic(ILogger logger, string diagnostic);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "Embedded mode: compiled {Path} into revision {Revision} ({JurisdictionCount} jurisdictions); serving.")]
    public static partial void EmbeddedPolicyLoaded(ILogger logger, string revision, string path, int jurisdictionCount);

    [LoggerMessage(EventId = 114, Level = LogLevel.Warning, Message = "No policy revision to serve (Redis unreachable or empty and no last good snapshot): health NOT_SERVING, checks answer UNAVAILABLE.")]
    public static partial void NoPolicyToServe(ILogger logger);

    [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "Audit trail: writing chain {Chain} (from record {Count}); when a record cannot be kept: {OnFailure}.")]
    public static partial void AuditTrailOpened(ILogger logger, string chain, long count, string onFailure);

    [LoggerMessage(EventId = 121, Level = LogLevel.Error, Message = "Audit trail unavailable: {Reason}. Decisions meanwhile: {OnFailure} (counted).")]
    public static partial void AuditTrailFailing(ILogger logger, string reason, string onFailure);

    [LoggerMessage(EventId = 122, Level = LogLevel.Information, Message = "Audit trail writable again: decisions are recorded.")]
    public static partial void AuditTrailRecovered(ILogger logger);

    [LoggerMessage(EventId = 123, Level = LogLevel.Warning, Message = "Audit records wait on local disk: Redis cannot take them ({Reason}); copied up to record {Shipped}, retrying with back-off.")]
    public static partial void AuditCopyWaiting(ILogger logger, string reason, long shipped);

    [LoggerMessage(EventId = 124, Level = LogLevel.Information, Message = "Audit records are copied to Redis again (up to record {Shipped}).")]
    public static partial void AuditCopyResumed(ILogger logger, long shipped);
}
