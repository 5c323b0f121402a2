namespace ComplianceService.Grpc.Server;

/// <summary>Options of the gRPC protocol layer, bound from configuration or set in code.</summary>
public sealed class GrpcServerOptions
{
    /// <summary>The default receive limit: 4 MiB, as in every gRPC implementation.</summary>
    public const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;

    /// <summary>
    /// The largest request message accepted, in bytes (after decompression). A larger message
    /// answers RESOURCE_EXHAUSTED. Default 4 MiB.
    /// </summary>
    public int MaxReceiveMessageSize { get; set; } = DefaultMaxReceiveMessageSize;

    /// <summary>The largest response message sent, in bytes; null for no limit (the default).</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>
    /// When true, an unexpected handler exception's message is sent to the client in
    /// <c>grpc-message</c>; otherwise a generic message is sent. Default false.
    /// </summary>
    public bool EnableDetailedErrors { get; set; }
}
