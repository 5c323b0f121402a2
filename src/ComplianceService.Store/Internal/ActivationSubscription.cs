using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ComplianceService.Store.Internal;

/// <summary>
/// One subscriber's queue of announcements: they arrive on the Redis client's thread and the subscriber's callback runs on a
/// task of its own, one call at a time, so a slow subscriber never blocks the client. An announcement carries nothing, so
/// those that arrive while a call runs fold into one more call: a burst of activations (or of messages from anyone who can
/// publish) costs the subscriber at most one extra look at the active pointer.
/// </summary>
internal sealed class ActivationSubscription : IAsyncDisposable
{
    private readonly Channel<bool> _pending = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true, SingleWriter = false });

    private readonly Func<Task> _onAnnounced;
    private readonly Action<ActivationSubscription> _onDisposed;
    private readonly ILogger _logger;
    private readonly Task _pump;

    public ActivationSubscription(Func<Task> onAnnounced, Action<ActivationSubscription> onDisposed, ILogger logger)
    {
        _onAnnounced = onAnnounced;
        _onDisposed = onDisposed;
        _logger = logger;
        _pump = Task.Run(PumpAsync);
    }

    public void Post() => _pending.Writer.TryWrite(true);

    public async ValueTask DisposeAsync()
    {
        _onDisposed(this);
        if (_pending.Writer.TryComplete())
        {
            await _pump.ConfigureAwait(false);
        }
    }

    private async Task PumpAsync()
    {
        await foreach (var _ in _pending.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await _onAnnounced().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _logger.SubscriberFailed(ex);
            }
        }
    }
}
