using ComplianceService.Grpc.Protocol;

namespace ComplianceService.Client;

/// <summary>A unary call's response together with the metadata the server sent.</summary>
/// <typeparam name="T">The response message type.</typeparam>
public sealed class CallResult<T>(T response, Metadata responseHeaders, Metadata trailers)
{
    /// <summary>The response message.</summary>
    public T Response { get; } = response;

    /// <summary>Custom metadata from the response headers.</summary>
    public Metadata ResponseHeaders { get; } = responseHeaders;

    /// <summary>Custom metadata from the trailers.</summary>
    public Metadata Trailers { get; } = trailers;
}
