namespace ComplianceService.Client;

/// <summary>How the client calls ComplianceService. The defaults suit a CAD terminal asking mid-incident.</summary>
public sealed class ComplianceClientOptions
{
    /// <summary>The deadline of a unary call that sets none itself (retries included). Default 2 s; null for none.</summary>
    public TimeSpan? Deadline { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts per call, the first included, while the answer is UNAVAILABLE (at most 5); 1 turns retries off. Default 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The first retry's backoff ceiling (each retry waits a random time up to the current ceiling). Default 100 ms.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The largest backoff ceiling. Default 1 s.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How much the backoff ceiling grows per retry. Default 2.</summary>
    public double BackoffMultiplier { get; set; } = 2;

    /// <summary>Idle time after which the client pings the server to keep the connection known to be alive. Default 30 s.</summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a keepalive ping may go unanswered before the connection is closed. Default 10 s.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Open another HTTP/2 connection when a connection's concurrent streams are all busy. Default true.</summary>
    public bool EnableMultipleHttp2Connections { get; set; } = true;
}
