using ComplianceService.Grpc.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace ComplianceService.Grpc.Server.Internal;

/// <summary>The start and end of every call: headers, deadline, and the status in trailers (or trailers-only).</summary>
internal static class GrpcCall
{
    // Longest deadline we arm a timer for (CancelAfter's limit is ~49 days); longer means "none".
    private static readonly TimeSpan MaxTimerDeadline = TimeSpan.FromDays(30);

    private static readonly StringValues ContentTypeValue = new(GrpcHeaders.ContentType);
    private static readonly StringValues AcceptEncodingValue = new(GrpcHeaders.SupportedEncodings);
    private static readonly StringValues StatusOk = new("0");
    private static readonly StringValues[] StatusValues = CreateStatusValues();

    private static readonly Status DeadlineStatus = new(StatusCode.DeadlineExceeded, "Deadline Exceeded");
    private static readonly Status CancelledStatus = new(StatusCode.Cancelled, "Call cancelled by the client.");
    private static readonly Status HandlerExceptionStatus = new(StatusCode.Internal, "Exception was thrown by handler.");

    /// <summary>Sets the response headers and arms the deadline; returns the handler's context.</summary>
    public static ServerCallContext Begin(HttpContext http, string method, out CancellationTokenSource? deadlineSource)
    {
        var responseHeaders = http.Response.Headers;
        responseHeaders.ContentType = ContentTypeValue;
        responseHeaders[GrpcHeaders.AcceptEncoding] = AcceptEncodingValue;

        deadlineSource = null;
        var token = http.RequestAborted;
        var deadline = DateTime.MaxValue;
        var timeoutHeader = http.Request.Headers[GrpcHeaders.Timeout];
        if (timeoutHeader.Count == 1
            && GrpcTimeout.TryParse(timeoutHeader[0], out var timeout)
            && timeout < MaxTimerDeadline)
        {
            deadline = DateTime.UtcNow + timeout;
            deadlineSource = CancellationTokenSource.CreateLinkedTokenSource(token);
            deadlineSource.CancelAfter(timeout);
            token = deadlineSource.Token;
        }

        return new ServerCallContext(http, method, deadline, token);
    }

    /// <summary>Ends a successful call: <c>grpc-status: 0</c> and the handler's trailers.</summary>
    /// <param name="http">The call's HTTP context.</param>
    /// <param name="context">The call's context.</param>
    /// <param name="messageWritten">
    /// Whether a message was written: Kestrel reports HasStarted only once the pipe is flushed,
    /// and a unary response is written without a flush (it goes out with the trailers).
    /// </param>
    public static void CompleteOk(HttpContext http, ServerCallContext context, bool messageWritten)
    {
        if (!messageWritten && !http.Response.HasStarted)
        {
            // A streaming call that wrote no message: trailers-only.
            WriteStatus(http, Status.DefaultSuccess, context.HasResponseTrailers ? context.ResponseTrailers : null);
            return;
        }

        var trailers = http.Features.Get<IHttpResponseTrailersFeature>()!.Trailers;
        if (context.HasResponseTrailers)
        {
            ServerCallContext.AppendMetadata(trailers, context.ResponseTrailers);
        }

        trailers[GrpcHeaders.Status] = StatusOk;
    }

    /// <summary>Ends a call that threw: maps the exception to a status, never rethrows.</summary>
    public static void CompleteWithError(HttpContext http, ServerCallContext context, CancellationTokenSource? deadlineSource, Exception exception, GrpcCallRuntime runtime)
    {
        Status status;
        Metadata? trailers = context.HasResponseTrailers ? context.ResponseTrailers : null;
        if (http.RequestAborted.IsCancellationRequested)
        {
            // The client reset the stream: nobody is listening for a status.
            Log.CallCancelled(runtime.Logger, context.Method);
            return;
        }

        if (deadlineSource is { IsCancellationRequested: true } && exception is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            Log.DeadlineExceeded(runtime.Logger, context.Method);
            status = DeadlineStatus;
        }
        else if (exception is RpcException rpc)
        {
            status = rpc.Status;
            if (rpc.Trailers.Count > 0)
            {
                trailers ??= new Metadata();
                foreach (var entry in rpc.Trailers)
                {
                    trailers.Add(entry);
                }
            }

            Log.CallFailed(runtime.Logger, context.Method, status.StatusCode, status.Detail);
        }
        else if (exception is OperationCanceledException)
        {
            status = CancelledStatus;
        }
        else
        {
            Log.HandlerFailed(runtime.Logger, context.Method, exception);
            status = runtime.Options.EnableDetailedErrors
                ? new Status(StatusCode.Internal, string.Concat(HandlerExceptionStatus.Detail, " ", exception.GetType().Name, ": ", exception.Message))
                : HandlerExceptionStatus;
        }

        WriteStatus(http, status, trailers);
    }

    /// <summary>
    /// Writes the status: as trailers when the response has started, otherwise as a trailers-only
    /// response (status in the HEADERS frame that ends the stream).
    /// </summary>
    public static void WriteStatus(HttpContext http, Status status, Metadata? custom)
    {
        var response = http.Response;
        IHeaderDictionary target;
        if (response.HasStarted)
        {
            target = http.Features.Get<IHttpResponseTrailersFeature>()!.Trailers;
        }
        else
        {
            target = response.Headers;
            target.ContentType = ContentTypeValue;
        }

        if (custom is not null)
        {
            ServerCallContext.AppendMetadata(target, custom);
        }

        var code = (int)status.StatusCode;
        target[GrpcHeaders.Status] = (uint)code < (uint)StatusValues.Length ? StatusValues[code] : new StringValues(code.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (status.Detail.Length > 0)
        {
            target[GrpcHeaders.Message] = PercentEncoding.Encode(status.Detail);
        }
    }

    private static StringValues[] CreateStatusValues()
    {
        var values = new StringValues[17];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = new StringValues(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return values;
    }
}
