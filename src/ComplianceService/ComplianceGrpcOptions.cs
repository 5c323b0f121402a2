using System.IO.Compression;

namespace ComplianceService;

/// <summary>
/// <c>Compliance:Grpc</c>: the options of the gRPC server (Grpc.AspNetCore's <c>GrpcServiceOptions</c>) that an
/// operator may set. Interceptors and compression providers are code, not configuration.
/// </summary>
public sealed class ComplianceGrpcOptions
{
    /// <summary>The default receive limit: 4 MiB, as in every gRPC implementation.</summary>
    public const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;

    /// <summary>
    /// The largest request message accepted, in bytes (after decompression). A larger message answers
    /// RESOURCE_EXHAUSTED. Default 4 MiB.
    /// </summary>
    public int MaxReceiveMessageSize { get; set; } = DefaultMaxReceiveMessageSize;

    /// <summary>The largest response message sent, in bytes; unset for no limit (the default).</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>
    /// When true, an unexpected handler exception's message is sent to the client in <c>grpc-message</c>;
    /// otherwise a generic message. Default false: exception text can carry internals.
    /// </summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>Compress responses with this algorithm (<c>gzip</c>) when the client accepts it; unset for none (the default).</summary>
    public string? ResponseCompressionAlgorithm { get; set; }

    /// <summary>The compression level of compressed responses; unset for the algorithm's default.</summary>
    public CompressionLevel? ResponseCompressionLevel { get; set; }
}
