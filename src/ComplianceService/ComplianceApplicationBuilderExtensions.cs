using ComplianceService.Security;

namespace ComplianceService;

/// <summary>Adds the ComplianceService host's middleware.</summary>
public static class ComplianceApplicationBuilderExtensions
{
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

        if (security.RateLimit.Enabled)
        {
            // After authorization, so that the limit partitions on the authenticated caller.
            app.UseRateLimiter();
        }

        return app;
    }
}
