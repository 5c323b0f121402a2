using ComplianceService.Grpc.Protocol;
using Microsoft.AspNetCore.Http;

namespace ComplianceService.Grpc.Server.Internal;

/// <summary>Writes each streamed response message and flushes it, so the client sees it at once.</summary>
internal sealed class HttpContextStreamWriter<T>(HttpContext http, ServerCallContext context, Marshaller<T> marshaller, int? maxSendMessageSize)
    : IServerStreamWriter<T>
{
    private bool _completed;

    public bool HasWritten { get; private set; }

    public async Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        if (_completed)
        {
            throw new InvalidOperationException("The call has ended; no more messages can be written.");
        }

        context.CancellationToken.ThrowIfCancellationRequested();
        var writer = http.Response.BodyWriter;
        GrpcMessageWriter.Write(writer, marshaller, message, maxSendMessageSize);
        HasWritten = true;
        var token = cancellationToken.CanBeCanceled ? cancellationToken : context.CancellationToken;
        var flush = await writer.FlushAsync(token).ConfigureAwait(false);
        if (flush.IsCanceled || flush.IsCompleted)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            throw new OperationCanceledException("The client is no longer reading the response.");
        }
    }

    public void Complete() => _completed = true;
}
