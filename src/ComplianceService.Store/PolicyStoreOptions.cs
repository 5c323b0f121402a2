namespace ComplianceService.Store;

/// <summary>Options of the policy store and the policy distributor.</summary>
public sealed class PolicyStoreOptions
{
    /// <summary>StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c> or <c>host:6379,password=...,ssl=true</c>.</summary>
    public string ConnectionString { get; set; } = "127.0.0.1:6379";

    /// <summary>Prefix of every key and of the channel. Default <c>compliance:</c>.</summary>
    public string KeyPrefix { get; set; } = "compliance:";

    /// <summary>File that keeps the last good bundle for a cold start without Redis. Default <c>.data/last-good-snapshot.bin</c>.</summary>
    public string SnapshotPath { get; set; } = Path.Combine(".data", "last-good-snapshot.bin");

    /// <summary>This server instance's name in <c>{prefix}instances</c>. Default machine name and process id.</summary>
    public string InstanceId { get; set; } = Environment.MachineName + "-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>First delay before retrying a lost connection; doubles on each failure. Default 250 ms.</summary>
    public TimeSpan ReconnectMinBackoff { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Cap of the reconnection delay. Default 30 s.</summary>
    public TimeSpan ReconnectMaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the distributor reports its revision and re-checks the active pointer. Default 10 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>An instance that has not reported for this long is left out of the instance list. Default 3 heartbeats.</summary>
    public TimeSpan? InstanceStaleAfter { get; set; }

    /// <summary>How long one store operation may take before it counts as unavailable. Default 5 s.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait for the first connection at start-up; the store keeps trying in the background after. Default 2 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many activations the history keeps. Default 1000.</summary>
    public int HistoryLimit { get; set; } = 1000;

    internal TimeSpan EffectiveInstanceStaleAfter => InstanceStaleAfter ?? HeartbeatInterval * 3;
}
