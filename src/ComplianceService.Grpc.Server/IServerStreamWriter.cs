namespace ComplianceService.Grpc.Server;

/// <summary>Writes the response messages of a server-streaming or bidirectional call.</summary>
/// <typeparam name="T">The response message type.</typeparam>
public interface IServerStreamWriter<in T>
{
    /// <summary>Writes one message and flushes it to the client.</summary>
    /// <exception cref="OperationCanceledException">The call was cancelled or its deadline passed.</exception>
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}
