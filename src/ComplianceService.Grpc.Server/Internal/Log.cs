using Microsoft.Extensions.Logging;

namespace ComplianceService.Grpc.Server.Internal;

/// <summary>The log events of the gRPC protocol layer (fixed event ids).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Handler for {Method} threw an unexpected exception; answering INTERNAL.")]
    public static partial void HandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Call {Method} ended with {StatusCode}: {Detail}")]
    public static partial void CallFailed(ILogger logger, string method, Protocol.StatusCode statusCode, string detail);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Call {Method} exceeded its deadline.")]
    public static partial void DeadlineExceeded(ILogger logger, string method);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Call {Method} was cancelled by the client.")]
    public static partial void CallCancelled(ILogger logger, string method);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Refused {HttpMethod} {Path}: HTTP {HttpStatus}.")]
    public static partial void RequestRefused(ILogger logger, string httpMethod, string path, int httpStatus);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "No method is registered for {Path}; answering UNIMPLEMENTED.")]
    public static partial void MethodNotFound(ILogger logger, string path);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "gRPC method table built: {MethodCount} methods in {ServiceCount} services.")]
    public static partial void MethodTableBuilt(ILogger logger, int methodCount, int serviceCount);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "Health status of '{Service}' set to {Status}.")]
    public static partial void HealthStatusChanged(ILogger logger, string service, ServingStatus status);
}
