using ComplianceService.Grpc.Protocol;
using Microsoft.AspNetCore.Http;

namespace ComplianceService.Grpc.Server.Internal;

/// <summary>A client-streaming method: the handler reads many messages and returns one.</summary>
internal sealed class ClientStreamingServerMethod<TRequest, TResponse>(
    string fullName,
    Func<IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>> handler,
    Marshaller<TRequest> requestMarshaller,
    Marshaller<TResponse> responseMarshaller)
    : ServerMethod(fullName)
{
    public override async Task HandleAsync(HttpContext http, GrpcCallRuntime runtime)
    {
        var context = GrpcCall.Begin(http, FullName, out var deadlineSource);
        var reader = new HttpContextStreamReader<TRequest>(http, context, requestMarshaller, runtime.MaxReceiveMessageSize);
        try
        {
            var response = await handler(reader, context).ConfigureAwait(false);
            GrpcMessageWriter.Write(http.Response.BodyWriter, responseMarshaller, response, runtime.MaxSendMessageSize);
            GrpcCall.CompleteOk(http, context, messageWritten: true);
        }
        catch (Exception exception)
        {
            GrpcCall.CompleteWithError(http, context, deadlineSource, exception, runtime);
        }
        finally
        {
            deadlineSource?.Dispose();
        }
    }
}
