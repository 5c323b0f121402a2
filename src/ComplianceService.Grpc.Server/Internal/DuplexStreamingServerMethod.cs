using ComplianceService.Grpc.Protocol;
using Microsoft.AspNetCore.Http;

namespace ComplianceService.Grpc.Server.Internal;

/// <summary>A bidirectional method: the handler reads and writes streams (server reflection is one).</summary>
internal sealed class DuplexStreamingServerMethod<TRequest, TResponse>(
    string fullName,
    Func<IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler,
    Marshaller<TRequest> requestMarshaller,
    Marshaller<TResponse> responseMarshaller)
    : ServerMethod(fullName)
{
    public override async Task HandleAsync(HttpContext http, GrpcCallRuntime runtime)
    {
        var context = GrpcCall.Begin(http, FullName, out var deadlineSource);
        var reader = new HttpContextStreamReader<TRequest>(http, context, requestMarshaller, runtime.MaxReceiveMessageSize);
        var writer = new HttpContextStreamWriter<TResponse>(http, context, responseMarshaller, runtime.MaxSendMessageSize);
        try
        {
            await handler(reader, writer, context).ConfigureAwait(false);
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
