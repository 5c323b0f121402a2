using ComplianceService.Grpc.Protocol;

namespace ComplianceService.Client.Internal;

/// <summary>
/// The cancellation of one call: the caller's token(s) and the deadline timer, and the mapping of
/// a transport failure to the status the caller should see.
/// </summary>
internal sealed class CallScope : IDisposable
{
    private readonly CancellationTokenSource? _source;
    private readonly CancellationToken _callerToken;
    private readonly CancellationToken _enumerationToken;
    private readonly bool _hasDeadline;

    public CallScope(CallOptions options, CancellationToken enumerationToken = default)
    {
        _callerToken = options.CancellationToken;
        _enumerationToken = enumerationToken;
        _hasDeadline = options.Deadline.HasValue;
        if (!_hasDeadline && !enumerationToken.CanBeCanceled)
        {
            Token = _callerToken;
            return;
        }

        _source = CancellationTokenSource.CreateLinkedTokenSource(_callerToken, enumerationToken);
        if (options.Deadline is { } deadline)
        {
            var remaining = deadline.ToUniversalTime() - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                _source.Cancel();
            }
            else
            {
                _source.CancelAfter(remaining);
            }
        }

        Token = _source.Token;
    }

    public CancellationToken Token { get; }

    public RpcException ToRpcException(Exception exception)
    {
        if (exception is OperationCanceledException || Token.IsCancellationRequested)
        {
            if (_callerToken.IsCancellationRequested || _enumerationToken.IsCancellationRequested)
            {
                return new RpcException(new Status(StatusCode.Cancelled, "Call cancelled by the caller."), new Metadata(), exception);
            }

            if (_hasDeadline)
            {
                return new RpcException(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"), new Metadata(), exception);
            }
        }

        if (exception is HttpRequestException or IOException)
        {
            return new RpcException(new Status(StatusCode.Unavailable, string.Concat("Error connecting to the server: ", exception.Message)), new Metadata(), exception);
        }

        return new RpcException(new Status(StatusCode.Internal, string.Concat("Error in the call: ", exception.Message)), new Metadata(), exception);
    }

    public void Dispose() => _source?.Dispose();
}
