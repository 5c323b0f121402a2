using System.Threading.Channels;
using ComplianceService.Contracts.V1;
using ComplianceService.Engine;
using ComplianceService.Wire;

namespace ComplianceService.Policy;

/// <summary>
/// The policy snapshot this instance answers from. Swapping in a new revision is one reference
/// assignment: calls in flight finish on the snapshot they started with, and the decision path
/// takes no lock. Health follows it (NOT_SERVING until a snapshot is loaded, published at once
/// on <see cref="Activated"/>) and WatchPolicy callers hear of each activation.
/// </summary>
public sealed class ActivePolicy
{
    private readonly List<ChannelWriter<PolicyRevision>> _watchers = [];
    private readonly Lock _watchersLock = new();
    private volatile Activation? _current;

    /// <summary>Raised after each activation, once the new snapshot answers new calls.</summary>
    public event EventHandler? Activated;

    /// <summary>The snapshot to decide from, or null when none is loaded (checks answer UNAVAILABLE).</summary>
    public PolicySnapshot? Snapshot => _current?.Served.Snapshot;

    /// <summary>The snapshot as the gRPC adapter serves it, or null when none is loaded.</summary>
    public ServedPolicy? Served => _current?.Served;

    /// <summary>The activation that made the current snapshot active, or null.</summary>
    public PolicyRevision? Revision => _current?.Revision;

    /// <summary>Makes <paramref name="snapshot"/> the one every new call decides from.</summary>
    public void Activate(PolicySnapshot snapshot, PolicyRevision revision)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(revision);
        _current = new Activation(ServedPolicy.Create(snapshot), revision);
        lock (_watchersLock)
        {
            foreach (var watcher in _watchers)
            {
                watcher.TryWrite(revision);
            }
        }

        Activated?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>
    /// Subscribes to activations: the reader yields the current revision (when there is one) and
    /// then each new one. Dispose the subscription to stop. A slow reader keeps only the newest.
    /// </summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<PolicyRevision>(new BoundedChannelOptions(16)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_watchersLock)
        {
            if (_current is { } current)
            {
                channel.Writer.TryWrite(current.Revision);
            }

            _watchers.Add(channel.Writer);
        }

        return new Subscription(this, channel);
    }

    private void Unsubscribe(ChannelWriter<PolicyRevision> writer)
    {
        lock (_watchersLock)
        {
            _watchers.Remove(writer);
        }

        writer.TryComplete();
    }

    private sealed record Activation(ServedPolicy Served, PolicyRevision Revision);

    /// <summary>One WatchPolicy caller's view of the activations.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly ActivePolicy _owner;
        private readonly Channel<PolicyRevision> _channel;

        internal Subscription(ActivePolicy owner, Channel<PolicyRevision> channel)
        {
            _owner = owner;
            _channel = channel;
        }

        /// <summary>The revisions, current first.</summary>
        public ChannelReader<PolicyRevision> Revisions => _channel.Reader;

        /// <inheritdoc />
        public void Dispose() => _owner.Unsubscribe(_channel.Writer);
    }
}
