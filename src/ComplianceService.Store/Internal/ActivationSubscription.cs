using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ComplianceService.Store.Internal;

/// <summary>
/// One subscriber's queue: messages arrive on the Redis client's thread and are handed to the subscriber's
/// callback on a task of their own, one at a time and in order, so a slow subscriber never blocks the client.
/// </summary>
internal sealed class ActivationSubscription : IAsyncDisposable
{
    private readonly Channel<ActivationRecord> _queue = Channel.CreateUnbounded<ActivationRecord>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

    private readonly Func<ActivationRecord, Task> _onActivated;
    private readonly Action<ActivationSubscription> _onDisposed;
    private readonly ILogger _logger;
    private readonly Task _pump;

    public ActivationSubscription(Func<ActivationRecord, Task> onActivated, Action<ActivationSubscription> onDisposed, ILogger logger)
    {
        _onActivated = onActivated;
        _onDisposed = onDisposed;
        _logger = logger;
        _pump = Task.Run(PumpAsync);
    }

    public void Post(ActivationRecord record) => _queue.Writer.TryWrite(record);

    public async ValueTask DisposeAsync()
    {
        _onDisposed(this);
        if (_queue.Writer.TryComplete())
        {
            await _pump.ConfigureAwait(false);
        }
    }

    private async Task PumpAsync()
    {
        await foreach (var record in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await _onActivated(record).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _logger.SubscriberFailed(record.Revision, ex);
            }
        }
    }
}
