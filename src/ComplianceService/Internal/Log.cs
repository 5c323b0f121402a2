using Microsoft.Extensions.Logging;

namespace ComplianceService.Internal;

/// <summary>The log events of the host (fixed event ids).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "ComplianceService listening on {Addresses} (HTTP/2 only).")]
    public static partial void Listening(ILogger logger, string addresses);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "TLS enabled with the certificate at {CertificatePath}; the gRPC endpoint is {Url}.")]
    public static partial void TlsEnabled(ILogger logger, string certificatePath, string url);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Stopping: health set NOT_SERVING; in-flight calls have up to {ShutdownTimeout} to finish.")]
    public static partial void Stopping(ILogger logger, TimeSpan shutdownTimeout);
}
