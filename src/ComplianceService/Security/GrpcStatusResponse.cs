using System.Globalization;
using Grpc.Core;

namespace ComplianceService.Security;

/// <summary>
/// Answers a gRPC call with a status before it reaches its handler (authentication, rate limit): a trailers-only
/// response (HTTP 200, <c>grpc-status</c> and <c>grpc-message</c> in the headers, no body), which every gRPC client
/// reads as that status. A bare HTTP 401 or 429 would reach clients as UNAUTHENTICATED or UNAVAILABLE by the HTTP
/// mapping at best.
/// </summary>
internal static class GrpcStatusResponse
{
    public static Task WriteAsync(HttpContext context, StatusCode status, string message)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers.Remove("WWW-Authenticate");
        response.Headers["grpc-status"] = ((int)status).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        return response.CompleteAsync();
    }
}
