using ComplianceService.Security;

namespace ComplianceService;

/// <summary>Adds the ComplianceService host's middleware.</summary>
public static class ComplianceApplicationBuilderExtensions
{
    // The keys UseAuthentication and UseAuthorization set in the builder's properties (AuthAppBuilderExtensions and
    // AuthorizationAppBuilderExtensions in ASP.NET Core); WebApplication adds either middleware itself, before the
    // app's own, whenever its services are registered and the key is absent.
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";
    private const string AuthorizationMiddlewareSetKey = "__AuthorizationMiddlewareSet";

    /// <summary>
    /// Adds, before the endpoints: the bound on unary calls' duration (always), caller authentication and
    /// authorization (when a client certificate CA or <c>Authentication:Schemes:Bearer</c> is configured) and the
    /// per-caller rate limit (when <c>Compliance:Security:RateLimit:PermitsPerSecond</c> is set). Call it before
    /// <see cref="ComplianceEndpointRouteBuilderExtensions.MapComplianceService"/>; both read the final configuration.
    /// </summary>
    public static IApplicationBuilder UseComplianceSecurity(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var security = SecurityRegistration.Read(app.ApplicationServices.GetRequiredService<IConfiguration>());
        app.UseMiddleware<UnaryCallDeadline>();
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
}
