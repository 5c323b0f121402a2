using ComplianceService.Internal;
using ComplianceService.Policy;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ComplianceService.HealthChecks;

/// <summary>
/// Publishes the health checks at once when their answer changes, rather than on the publisher's next poll:
/// when the host starts (NOT_SERVING until a revision is loaded), when a revision is activated, and when the
/// server begins to stop (NOT_SERVING before in-flight calls drain). Health Watch callers hear of each at once;
/// Check runs the checks on demand anyway.
/// </summary>
internal sealed class HealthPublication(
    ActivePolicy active,
    HealthCheckService checks,
    IEnumerable<IHealthCheckPublisher> publishers,
    IHostApplicationLifetime lifetime,
    ILogger<HealthPublication> logger) : IHostedService
{
    private static readonly TimeSpan StoppingPublicationLimit = TimeSpan.FromSeconds(5);

    // One publication at a time, so that an older report can never overwrite a newer one.
    private readonly SemaphoreSlim _publishing = new(1, 1);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        active.Activated += OnActivated;
        lifetime.ApplicationStopping.Register(OnStopping);
        await PublishAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        active.Activated -= OnActivated;
        return Task.CompletedTask;
    }

    private void OnActivated(object? sender, EventArgs e) => _ = PublishAsync(CancellationToken.None);

    // Stopping callbacks run before Kestrel stops: wait for NOT_SERVING to be published so it comes first.
    private void OnStopping() => PublishAsync(CancellationToken.None).Wait(StoppingPublicationLimit);

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _publishing.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var report = await checks.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
                foreach (var publisher in publishers)
                {
                    await publisher.PublishAsync(report, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _publishing.Release();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.HealthPublicationFailed(logger, e);
        }
    }
}
