using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace ComplianceService.Security;

/// <summary>
/// A compliance call without valid credentials is answered UNAUTHENTICATED (and an authenticated caller refused by a
/// policy PERMISSION_DENIED) as gRPC statuses, instead of the schemes' HTTP challenges (the certificate handler's
/// challenge is an HTTP 403, which clients would read as PERMISSION_DENIED). Nothing of the credential is echoed.
/// </summary>
internal sealed class GrpcAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!IsGrpc(context.Request) || authorizeResult.Succeeded)
        {
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }

        return authorizeResult.Forbidden
            ? GrpcStatusResponse.WriteAsync(context, StatusCode.PermissionDenied, "The caller is not allowed to call this method.")
            : GrpcStatusResponse.WriteAsync(context, StatusCode.Unauthenticated, "A valid client certificate or bearer token is required.");
    }

    private static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);
}
