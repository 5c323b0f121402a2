using ComplianceService.Grpc.Protocol;
using Microsoft.AspNetCore.Http;

namespace ComplianceService.Grpc.Server.Internal;

/// <summary>Reads the request messages of a client-streaming or bidirectional call.</summary>
internal sealed class HttpContextStreamReader<T>(HttpContext http, ServerCallContext context, Marshaller<T> marshaller, int maxMessageSize)
    : IAsyncStreamReader<T>
{
    private T? _current;
    private bool _ended;

    public T Current => _current ?? throw new InvalidOperationException("MoveNext has not returned true.");

    public async ValueTask<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        if (_ended)
        {
            return false;
        }

        var token = cancellationToken.CanBeCanceled ? cancellationToken : context.CancellationToken;
        var (hasMessage, message) = await GrpcMessageReader.ReadNextMessageAsync(http.Request.BodyReader, marshaller, http, maxMessageSize, token).ConfigureAwait(false);
        if (!hasMessage)
        {
            _ended = true;
            _current = default;
            return false;
        }

        _current = message;
        return true;
    }
}
