using ComplianceService.Grpc.Protocol;
using Microsoft.AspNetCore.Http;

namespace ComplianceService.Grpc.Server.Internal;

/// <summary>A unary method: read one message, call the handler, write one message.</summary>
internal sealed class UnaryServerMethod<TRequest, TResponse>(
    string fullName,
    Func<TRequest, ServerCallContext, ValueTask<TResponse>>? asyncHandler,
    Func<TRequest, ServerCallContext, TResponse>? syncHandler,
    Marshaller<TRequest> requestMarshaller,
    Marshaller<TResponse> responseMarshaller)
    : ServerMethod(fullName)
{
    public override async Task HandleAsync(HttpContext http, GrpcCallRuntime runtime)
    {
        var context = GrpcCall.Begin(http, FullName, out var deadlineSource);
        try
        {
            var request = await GrpcMessageReader.ReadSingleMessageAsync(
                http.Request.BodyReader, requestMarshaller, http, runtime.MaxReceiveMessageSize, context.CancellationToken).ConfigureAwait(false);

            // The synchronous variant skips the handler's async state machine on the hot path.
            var response = syncHandler is not null
                ? syncHandler(request, context)
                : await asyncHandler!(request, context).ConfigureAwait(false);

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
