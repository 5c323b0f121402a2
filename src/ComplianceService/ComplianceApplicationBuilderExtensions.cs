using ComplianceService.Security;
using Grpc.AspNetCore.Web;

namespace ComplianceService;

/// <summary>Adds the ComplianceService host's middleware.</summary>
public static class ComplianceApplicationBuilderExtensions
{
    // The keys UseAuthentication and UseAuthorization set in the builder's properties (AuthAppBuilderExtensions and
    // AuthorizationAppBuilderExtensions in ASP.NET Core); WebApplication adds either middleware itself, before the
    // app's own, whenever its services are registered and the key is absent.
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";
    private const string AuthorizationMiddlewareSetKey = "__AuthorizationMiddlewareSet";

    private const string GrpcWebContentType = "application/grpc-web";

    /// <summary>
    /// Adds, before the endpoints and in this order: the bound on unary calls' duration (always; it sees each request
    /// as its caller sent it), gRPC-Web for browsers (translated before anything that may answer a call, so that a
    /// refusal reaches a browser in gRPC-Web), caller authentication and authorization (when a client certificate CA
    /// or <c>Authentication:Schemes:Bearer</c> is configured) and the per-caller rate limit (when
    /// <c>Compliance:Security:RateLimit:PermitsPerSecond</c> is set). Call it before
    /// <see cref="ComplianceEndpointRouteBuilderExtensions.MapComplianceService"/>; both read the final configuration.
    /// </summary>
    public static IApplicationBuilder UseCompliance(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var security = SecurityRegistration.Read(app.ApplicationServices.GetRequiredService<IConfiguration>());
        app.UseMiddleware<UnaryCallDeadline>();

        // Grpc.AspNetCore.Web's middleware runs only for requests whose content type is gRPC-Web: a gRPC call (HTTP/2,
        // application/grpc) passes one comparison of its content type and nothing else.
        app.UseWhen(IsGrpcWeb, web => web.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = false }));
        if (security.AuthenticationConfigured)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }
        else
        {
            // The authentication and authorization services are always registered (the configuration is read only
            // now), so WebApplication would add both middleware to every call although nothing requires them: under
            // h2load they were about a quarter of the server's CPU per CheckEncounter. Marked as added, they are not.
            app.Properties[AuthenticationMiddlewareSetKey] = true;
            app.Properties[AuthorizationMiddlewareSetKey] = true;
        }

        if (security.RateLimit.Enabled)
        {
            // After authorization, so that the limit partitions on the authenticated caller.
            app.UseRateLimiter();
        }

        return app;
    }

    // "application/grpc-web" or "application/grpc-web-text", with or without "+proto", in any case. The character after
    // "application/grpc" is looked at first: an ignore-case comparison of every gRPC call's content type cost about
    // 0.3 µs of server CPU per call under h2load.
    private static bool IsGrpcWeb(HttpContext context) =>
        context.Request.ContentType is { Length: > 16 } contentType
        && contentType[16] == '-'
        && contentType.StartsWith(GrpcWebContentType, StringComparison.OrdinalIgnoreCase);
}
