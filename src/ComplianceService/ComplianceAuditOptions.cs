namespace ComplianceService;

/// <summary>What the server does when a decision's audit record cannot be kept.</summary>
public enum AuditFailurePolicy
{
    /// <summary>Refuse the decision: UNAVAILABLE, "audit trail unavailable" (the default).</summary>
    Refuse,

    /// <summary>Answer anyway; the unrecorded decision is counted and logged.</summary>
    Answer,
}

/// <summary><c>Compliance:Audit</c>: the decision audit trail (see the README, "Audit trail").</summary>
public sealed class ComplianceAuditOptions
{
    /// <summary>Whether decisions are recorded. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The folder of the segment files, relative to the content root. Default <c>.data/audit</c>.</summary>
    public string Directory { get; set; } = Path.Combine(".data", "audit");

    /// <summary>This server's chain (a folder under <see cref="Directory"/>). Default the instance id
    /// (<c>Compliance:Store:InstanceId</c>). A server restarted with the same writer id continues its chain.</summary>
    public string? Writer { get; set; }

    /// <summary>Keep a keyed hash of the incident id (HMAC-SHA256 under <see cref="IncidentIdKey"/>) instead of the id. Default false.</summary>
    public bool HashIncidentIds { get; set; }

    /// <summary>The key of the incident-id hash, base64, at least 32 bytes; required when <see cref="HashIncidentIds"/> is set.</summary>
    public string? IncidentIdKey { get; set; }

    /// <summary>Refuse (the default) or answer when a record cannot be kept.</summary>
    public AuditFailurePolicy OnFailure { get; set; } = AuditFailurePolicy.Refuse;

    /// <summary>Redis mode: how long the audit stream in Redis keeps a record. Default 366 days (CJIS AU-11: at least a year).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(366);

    /// <summary>Where each writer keeps its journal, the records accepted and not yet written to a segment file: a folder
    /// whose files outlive the process but need not outlive the machine. Default <c>/dev/shm</c> (shared memory) where it
    /// exists, else the chain's own folder. Give a container at least 64 MiB of <c>/dev/shm</c>.</summary>
    public string? JournalDirectory { get; set; }

    /// <summary>How often each writer's copier writes the journal's records to the segment file and fsyncs it, at most:
    /// what a power loss (or a crash of the machine) can take of the decisions answered. A crash of the process takes
    /// nothing. Shorter costs the server more CPU per decision under load (one fsync per interval). Default 20 ms.</summary>
    public TimeSpan SyncInterval { get; set; } = Audit.AuditSegmentWriter.DefaultSyncInterval;

    /// <summary>A segment file's size before the next one starts. Default 64 MiB.</summary>
    public long SegmentBytes { get; set; } = 64L * 1024 * 1024;
}
