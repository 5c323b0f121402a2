namespace ComplianceService.Store;

/// <summary>
/// The shared store that distributes compiled policy bundles to every server instance.
/// It deals only in (revision, bytes): the revision of a bundle is the lowercase hex SHA-256 of its bytes,
/// and the store never looks inside a bundle.
/// </summary>
/// <remarks>
/// <para>The Redis implementation (<see cref="RedisPolicyStore"/>) uses these keys, all under
/// <see cref="PolicyStoreOptions.KeyPrefix"/> (default <c>compliance:</c>):</para>
/// <list type="table">
/// <item><term><c>{prefix}bundles:{revision}</c></term><description>hash: the bundle as an <c>IDistributedCache</c> entry
/// (<c>RedisCache</c>, instance name <c>{prefix}bundles:</c>, entry name = revision, no expiry): field <c>data</c> holds the bytes,
/// <c>absexp</c> and <c>sldexp</c> are <c>-1</c>.</description></item>
/// <item><term><c>{prefix}signatures:{revision}</c></term><description>string: the bundle's signature (base64, see
/// <see cref="PolicySignature"/>), when it was stored by a signing publisher.</description></item>
/// <item><term><c>{prefix}active</c></term><description>hash: the active pointer, the only authority on what is active. Fields
/// <c>revision</c>, <c>activatedAt</c> (ISO 8601 UTC), <c>activatedBy</c>, <c>previousRevision</c> (absent for the first activation),
/// <c>sequence</c> (see <see cref="ActivationRecord.Sequence"/>), <c>signature</c> (see <see cref="ActivationRecord.Signature"/>, when signed), <c>request</c> (the id of the call that set it, so that the same call
/// delivered twice acts once).</description></item>
/// <item><term><c>{prefix}history</c></term><description>list, newest first: one JSON <see cref="ActivationRecord"/> per activation,
/// capped at <see cref="PolicyStoreOptions.HistoryLimit"/>.</description></item>
/// <item><term><c>{prefix}instances</c></term><description>hash: field = instance id, value = JSON <c>{"revision","lastSeen"}</c>;
/// entries older than <see cref="PolicyStoreOptions.InstanceStaleAfter"/> are dropped when read.</description></item>
/// <item><term>channel <c>{prefix}activations</c></term><description>pub/sub: the new sequence number after each activation, a hint to
/// re-read the active pointer and nothing more (anyone who reaches Redis can publish).</description></item>
/// </list>
/// <para>JSON records use camelCase members: <c>revision</c>, <c>activatedAt</c>, <c>activatedBy</c>, <c>previousRevision</c>, <c>sequence</c>, <c>signature</c> (when signed).</para>
/// <para>A credential the store refuses an operation to (a Redis ACL user without the command, key or channel) gets
/// <see cref="PolicyStoreNotPermittedException"/>.</para>
/// <para>Operations that cannot reach the store throw <see cref="PolicyStoreUnavailableException"/>.</para>
/// </remarks>
public interface IPolicyStore
{
    /// <summary>Whether the store is connected to its server right now.</summary>
    bool IsConnected { get; }

    /// <summary>Raised (on a background thread) when the connection is lost or restored.</summary>
    event EventHandler<StoreConnectionChangedEventArgs>? ConnectionChanged;

    /// <summary>
    /// Stores a bundle under its revision. Idempotent: storing the same bundle again succeeds and repairs
    /// a damaged copy. Does not activate it.
    /// </summary>
    /// <returns><see langword="false"/> (and stores nothing) when <paramref name="revision"/> is not the SHA-256 of <paramref name="bundle"/>.</returns>
    Task<bool> PutBundleAsync(string revision, ReadOnlyMemory<byte> bundle);

    /// <summary>Reads a bundle's bytes as stored (unverified), or <see langword="null"/> when none is stored.</summary>
    Task<byte[]?> GetBundleAsync(string revision);

    /// <summary>The bundle's signature (<see cref="PolicySignature"/>, base64) as stored, or <see langword="null"/> when it is unsigned.</summary>
    Task<string?> GetBundleSignatureAsync(string revision);

    /// <summary>The active revision, or <see langword="null"/> when nothing was ever activated.</summary>
    Task<string?> GetActiveRevisionAsync();

    /// <summary>The activation that made the current revision active, or <see langword="null"/> when nothing was ever activated.</summary>
    Task<ActivationRecord?> GetActiveAsync();

    /// <summary>
    /// Makes <paramref name="revision"/> the active revision. First reads the bundle and checks that its bytes hash to
    /// <paramref name="revision"/>; then, in one atomic step that moves nothing unless the stored bytes are still the ones checked:
    /// numbers the activation, sets the active pointer, appends to the history and announces it to every subscriber. Activating
    /// the revision that is already active changes nothing (no history entry, no announcement) and returns the activation that
    /// made it active.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="revision"/> is not 64 lowercase hex digits, or <paramref name="activatedBy"/> is empty.</exception>
    /// <exception cref="RevisionNotStoredException">No bundle is stored under <paramref name="revision"/>.</exception>
    /// <exception cref="BundleDamagedException">The stored bytes do not hash to <paramref name="revision"/>.</exception>
    Task<ActivationRecord> ActivateAsync(string revision, string activatedBy);

    /// <summary>
    /// Re-activates the revision that was active before the current one (the current activation's
    /// <see cref="ActivationRecord.PreviousRevision"/>) as a new activation, with the same checks as <see cref="ActivateAsync"/>.
    /// Rolling back twice returns to where it started.
    /// </summary>
    /// <returns>The new activation, or <see langword="null"/> when there is no previous revision.</returns>
    /// <exception cref="RevisionNotStoredException">The previous revision's bundle is no longer stored.</exception>
    /// <exception cref="BundleDamagedException">The previous revision's stored bytes do not hash to it.</exception>
    Task<ActivationRecord?> RollbackAsync(string activatedBy);

    /// <summary>The most recent activations, newest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<ActivationRecord>> GetHistoryAsync(int max);

    /// <summary>
    /// Calls <paramref name="onAnnounced"/> when an activation is announced from now on: a hint, carrying nothing, to read
    /// <see cref="GetActiveAsync"/> again, since the active pointer is the only authority (anyone who reaches the store can
    /// announce). Calls come one at a time; announcements that arrive while a call runs fold into one more call.
    /// The subscription survives reconnections; announcements made while disconnected are lost
    /// (re-read <see cref="GetActiveAsync"/> after a reconnection). Dispose the result to stop.
    /// </summary>
    Task<IAsyncDisposable> SubscribeAsync(Func<Task> onAnnounced);

    /// <summary>Records that <paramref name="instanceId"/> serves <paramref name="revision"/> now (also a heartbeat).</summary>
    Task ReportLoadedAsync(string instanceId, string revision);

    /// <summary>Instances that reported recently, with what they serve; stale entries are left out (and removed).</summary>
    Task<IReadOnlyList<InstanceStatus>> GetInstancesAsync();
}
