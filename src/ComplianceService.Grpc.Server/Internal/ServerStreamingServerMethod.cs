using ComplianceService.Grpc.Protocol;
using Microsoft.AspNetCore.Http;

namespace ComplianceService.Grpc.Server.Internal;

/// <summary>A server-streaming method: read one message, let the handler write many.</summary>
internal sealed class ServerStreamingServerMethod<TRequest, TResponse>(
    string fullName,
    Func<TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler,
    Marshaller<TRequest> requestMarshaller,
    Marshaller<TResponse> responseMarshaller)
    : ServerMethod(fullName)
{
    public override async Task HandleAsync(HttpContext http, GrpcCallRuntime runtime)
    {
        var context = GrpcCall.Begin(http, FullName, out var deadlineSource);
        var writer = new HttpContextStreamWriter<TResponse>(http, context, responseMarshaller, runtime.MaxSendMessageSize);
        try
        {
            var request = await GrpcMessageReader.ReadSingleMessageAsync(
                http.Request.BodyReader, requestMarshaller, http, runtime.MaxReceiveMessageSize, context.CancellationToken).ConfigureAwait(false);
            await handler(request, writer, context).ConfigureAwait(false);
            writer.Complete();
            GrpcCall.CompleteOk(http, context, writer.HasWritten);
        }
        catch (Exception exception)
        {
            writer.Complete();
            GrpcCall.CompleteWithError(http, context, deadlineSource, exception, runtime);
        }
        finally
        {
            deadlineSource?.Dispose();
        }
    }
}
