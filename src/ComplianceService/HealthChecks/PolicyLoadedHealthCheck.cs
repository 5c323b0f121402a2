using ComplianceService.Policy;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ComplianceService.HealthChecks;

/// <summary>
/// Healthy while a policy revision is loaded and the server is not stopping: what
/// <c>compliance.v1.ComplianceService</c> (and the server, <c>""</c>) report as SERVING. Never a guess: with
/// no revision, checks answer UNAVAILABLE and health says NOT_SERVING.
/// </summary>
internal sealed class PolicyLoadedHealthCheck(ActivePolicy active, IHostApplicationLifetime lifetime) : IHealthCheck
{
    /// <summary>The registration name.</summary>
    public const string Name = "policy-loaded";

    private static readonly Task<HealthCheckResult> NoRevision = Task.FromResult(HealthCheckResult.Unhealthy("No policy revision is loaded."));
    private static readonly Task<HealthCheckResult> Stopping = Task.FromResult(HealthCheckResult.Unhealthy("The server is stopping."));

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return Stopping;
        }

        return active.Revision is { } revision
            ? Task.FromResult(HealthCheckResult.Healthy("Serving policy revision " + revision.Revision + "."))
            : NoRevision;
    }
}
