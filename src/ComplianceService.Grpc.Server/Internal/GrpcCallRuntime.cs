using Microsoft.Extensions.Logging;

namespace ComplianceService.Grpc.Server.Internal;

/// <summary>What every call needs from the host: the options and a logger, resolved once.</summary>
internal sealed class GrpcCallRuntime(GrpcServerOptions options, ILogger logger)
{
    public GrpcServerOptions Options { get; } = options;

    public ILogger Logger { get; } = logger;

    public int MaxReceiveMessageSize { get; } = options.MaxReceiveMessageSize;

    public int? MaxSendMessageSize { get; } = options.MaxSendMessageSize;
}
