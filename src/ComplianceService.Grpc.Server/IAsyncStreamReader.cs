namespace ComplianceService.Grpc.Server;

/// <summary>Reads the request messages of a client-streaming or bidirectional call.</summary>
/// <typeparam name="T">The request message type.</typeparam>
public interface IAsyncStreamReader<out T>
{
    /// <summary>The message read by the last successful <see cref="MoveNext"/>.</summary>
    T Current { get; }

    /// <summary>Reads the next message.</summary>
    /// <returns>False when the client has finished sending.</returns>
    /// <exception cref="ComplianceService.Grpc.Protocol.RpcException">The next message is malformed or too large.</exception>
    ValueTask<bool> MoveNext(CancellationToken cancellationToken = default);
}
