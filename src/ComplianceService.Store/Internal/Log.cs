using Microsoft.Extensions.Logging;

namespace ComplianceService.Store.Internal;

/// <summary>
/// Every log line of the store project, source-generated, with fixed event ids. Expected conditions (Redis unreachable, a
/// damaged bundle or snapshot, a full disk) are one line with the reason; only failures nobody expects carry the exception.
/// </summary>
internal static partial class Log
{
    // RedisPolicyStore: 1-9.
    [LoggerMessage(1, LogLevel.Warning, "Policy store connection to {Endpoint} ({ConnectionType}) failed: {FailureType}: {Reason}")]
    public static partial void StoreConnectionFailed(this ILogger logger, string endpoint, string connectionType, string failureType, string reason);

    [LoggerMessage(2, LogLevel.Information, "Policy store connection to {Endpoint} ({ConnectionType}) restored")]
    public static partial void StoreConnectionRestored(this ILogger logger, string endpoint, string connectionType);

    [LoggerMessage(3, LogLevel.Warning, "Ignored a malformed entry in the activation history: {Reason}")]
    public static partial void MalformedHistoryEntry(this ILogger logger, string reason);

    [LoggerMessage(4, LogLevel.Error, "An activation subscriber failed")]
    public static partial void SubscriberFailed(this ILogger logger, Exception exception);

    [LoggerMessage(5, LogLevel.Warning, "Ignored a malformed instance entry for {InstanceId}")]
    public static partial void MalformedInstanceEntry(this ILogger logger, string instanceId);

    [LoggerMessage(6, LogLevel.Information, "Policy store connecting to {Endpoints} with key prefix {KeyPrefix}; connected: {IsConnected}")]
    public static partial void StoreConnecting(this ILogger logger, string endpoints, string keyPrefix, bool isConnected);

    [LoggerMessage(7, LogLevel.Error, "A listener of the policy store's connection state failed")]
    public static partial void ConnectionListenerFailed(this ILogger logger, Exception exception);

    // PolicyDistributor: 10-29.
    [LoggerMessage(10, LogLevel.Information, "Serving policy revision {Revision} (activation {Sequence}, by {ActivatedBy} at {ActivatedAt}) from {Source}")]
    public static partial void RevisionActivated(this ILogger logger, string revision, long sequence, string activatedBy, DateTimeOffset activatedAt, string source);

    // The exception is there only when the engine threw instead of refusing.
    [LoggerMessage(11, LogLevel.Warning, "Refused policy revision {Revision}: {Reason}; still serving {Current}")]
    public static partial void BundleRefused(this ILogger logger, string revision, string reason, string current, Exception? exception);

    [LoggerMessage(22, LogLevel.Debug, "Policy revision {Revision} is still refused on retry: {Reason}")]
    public static partial void BundleStillRefused(this ILogger logger, string revision, string reason);

    [LoggerMessage(12, LogLevel.Warning, "Policy store unreachable at start-up ({Reason}); trying the last good snapshot at {Path}")]
    public static partial void StoreUnavailableAtStartup(this ILogger logger, string reason, string path);

    [LoggerMessage(13, LogLevel.Information, "No last good snapshot at {Path}")]
    public static partial void NoSnapshot(this ILogger logger, string path);

    [LoggerMessage(14, LogLevel.Error, "Refused the last good snapshot at {Path}: {Reason}")]
    public static partial void SnapshotRefused(this ILogger logger, string path, string reason);

    [LoggerMessage(15, LogLevel.Error, "Could not write the last good snapshot to {Path}: {Reason}")]
    public static partial void SnapshotWriteFailed(this ILogger logger, string path, string reason);

    [LoggerMessage(16, LogLevel.Warning, "Lost the policy store connection ({Reason}); serving {Current} from memory and reconnecting in the background")]
    public static partial void ConnectionLost(this ILogger logger, string reason, string current);

    [LoggerMessage(17, LogLevel.Information, "Policy store reconnected after {Attempts} attempt(s); active revision there: {Active}")]
    public static partial void Reconnected(this ILogger logger, int attempts, string active);

    [LoggerMessage(18, LogLevel.Debug, "Policy store still unreachable (attempt {Attempt}); next try in {Delay}")]
    public static partial void ReconnectAttemptFailed(this ILogger logger, int attempt, TimeSpan delay);

    [LoggerMessage(19, LogLevel.Warning, "No policy revision to serve: none active in the store and no usable snapshot")]
    public static partial void NothingToServe(this ILogger logger);

    [LoggerMessage(20, LogLevel.Debug, "Could not report loaded revision {Revision}: {Reason}")]
    public static partial void ReportFailed(this ILogger logger, string revision, string reason);

    [LoggerMessage(21, LogLevel.Error, "Policy distributor background loop failed unexpectedly")]
    public static partial void LoopFailed(this ILogger logger, Exception exception);

    [LoggerMessage(24, LogLevel.Warning, "Cannot report this instance's revision to the policy store: {Reason}; serving goes on, compliancectl status will not list this instance")]
    public static partial void ReportNotPermitted(this ILogger logger, string reason);

    [LoggerMessage(23, LogLevel.Warning, "Ignored the active pointer's revision {Revision} (activation {Sequence}): it is older than the served {Current} (activation {CurrentSequence})")]
    public static partial void OlderActivationIgnored(this ILogger logger, string revision, long sequence, string current, long currentSequence);
}
