using System.Collections.Immutable;
using ComplianceService.Store.Internal;
using StackExchange.Redis;

namespace ComplianceService.Store;

/// <content>Activation announcements: one client-level subscription fans out to every subscriber's queue.</content>
public sealed partial class RedisPolicyStore
{
    private readonly SemaphoreSlim _subscribeLock = new(1, 1);
    // Swapped as a whole (one reference inside the struct), so readers see a complete list without a lock.
    private ImmutableArray<ActivationSubscription> _subscriptions = [];
    private bool _subscribedToChannel;

    /// <inheritdoc />
    public async Task<IAsyncDisposable> SubscribeAsync(Func<Task> onAnnounced)
    {
        ArgumentNullException.ThrowIfNull(onAnnounced);
        await _subscribeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_subscribedToChannel)
            {
                // Subscribed once for the store's lifetime. The client remembers the subscription while disconnected
                // and sends it again after every reconnection (the outage tests restart redis-server to check it).
                var subscriber = _connection.GetSubscriber();
                await RunAsync(
                    async () =>
                    {
                        await subscriber.SubscribeAsync(_keys.Activations, OnMessage).ConfigureAwait(false);
                        return true;
                    },
                    "subscribe to activations").ConfigureAwait(false);
                _subscribedToChannel = true;
            }

            var subscription = new ActivationSubscription(onAnnounced, Remove, _logger);
            ImmutableInterlocked.Update(ref _subscriptions, static (list, item) => list.Add(item), subscription);
            return subscription;
        }
        finally
        {
            _subscribeLock.Release();
        }
    }

    private void Remove(ActivationSubscription subscription) =>
        ImmutableInterlocked.Update(ref _subscriptions, static (list, item) => list.Remove(item), subscription);

    // Whatever a message says is not read: anyone who can reach Redis can publish on the channel, so a message only means
    // "look at the active pointer again", and the pointer (moved only by the activation script) is the authority.
    private void OnMessage(RedisChannel channel, RedisValue message)
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Post();
        }
    }
}
