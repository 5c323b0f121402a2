using System.Diagnostics.Metrics;
using ComplianceService.Internal;
using ComplianceService.Wire;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace ComplianceService.Audit;

/// <summary>
/// The audit trail as the service uses it: every answered decision is recorded before its reply leaves (it is in the
/// writer's journal, which outlives the process, and in the segment file within milliseconds: <see cref="AuditSegmentWriter"/>). When a record cannot be kept, the decision is refused with
/// UNAVAILABLE ("audit trail unavailable"), or, with <c>Compliance:Audit:OnFailure=Answer</c>, answered and counted.
/// </summary>
public sealed class DecisionAudit : IAsyncDisposable
{
    /// <summary>The meter of the audit trail's counters.</summary>
    public const string MeterName = "ComplianceService.Audit";

    private static readonly Status Unavailable = new(StatusCode.Unavailable, "audit trail unavailable: the decision could not be recorded, so it is not given");

    private readonly AuditSegmentWriter? _writer;
    private readonly AuditFailurePolicy _onFailure;
    private readonly ILogger _logger;
    private readonly Counter<long> _unrecorded;
    private readonly Counter<long> _refused;
    private int _failing;
    private long _shipped = -1;

    /// <summary>Opens this server's chain (when the audit trail is enabled).</summary>
    public DecisionAudit(IOptions<ComplianceOptions> options, ILogger<DecisionAudit> logger, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meters);
        var audit = options.Value.Audit;
        _logger = logger;
        _onFailure = audit.OnFailure;
        var meter = meters.Create(MeterName);
        _unrecorded = meter.CreateCounter<long>("compliance.audit.unrecorded", "{decision}", "Decisions answered without an audit record (OnFailure=Answer).");
        _refused = meter.CreateCounter<long>("compliance.audit.refused", "{decision}", "Decisions refused because their audit record could not be kept.");
        meter.CreateObservableGauge(
            "compliance.audit.backlog",
            ObserveBacklog,
            "{record}",
            "Audit records accepted and not yet fsynced in a segment file (what a power loss could take; written every Compliance:Audit:SyncInterval, 20 ms by default).");
        meter.CreateObservableGauge(
            "compliance.audit.spill",
            ObserveSpill,
            "{record}",
            "Redis mode: audit records kept on local disk and not yet copied to the Redis stream (grows while Redis is unreachable).");
        Records = new AuditRecords(options.Value.Store.InstanceId, audit.HashIncidentIds ? IncidentKey(audit.IncidentIdKey) : null);
        if (audit.Enabled)
        {
            _writer = AuditSegmentWriter.Open(audit.Directory, audit.Writer!, audit.SegmentBytes, logger, audit.JournalDirectory, audit.SyncInterval);
            Log.AuditTrailOpened(logger, Path.Combine(audit.Directory, audit.Writer!), _writer.Count, audit.OnFailure.ToString());
        }
    }

    /// <summary>Makes the records of answered requests.</summary>
    public AuditRecords Records { get; }

    /// <summary>Whether decisions are recorded.</summary>
    public bool Enabled => _writer is not null;

    /// <summary>The key of the incident-id hash, or null when the setting is not a base64 key of at least 32 bytes.</summary>
    public static byte[]? IncidentKey(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var written) && written >= 32 ? bytes[..written] : null;
    }

    /// <summary>Records the decisions of one call (one, or each action's of an AdviseEncounter); returns once all are
    /// kept. Throws the UNAVAILABLE refusal when they cannot be (unless the policy is to answer anyway).</summary>
    public void Record<TRecord>(params ReadOnlySpan<TRecord> records)
        where TRecord : IAuditRecordJson
    {
        if (_writer is null)
        {
            return;
        }

        try
        {
            _writer.Append(records);
            Recovered();
        }
        catch (AuditUnavailableException e)
        {
            Failed(e, records.Length);
        }
    }

    /// <summary>Tells the spill gauge how far the copy to Redis has come (<see cref="AuditShipper"/>): the last sequence
    /// number copied.</summary>
    public void Shipped(long seq) => Interlocked.Exchange(ref _shipped, seq);

    /// <summary>Writes what is buffered and closes the chain.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private IEnumerable<Measurement<long>> ObserveBacklog() => _writer is null ? [] : [new Measurement<long>(_writer.Unsynced)];

    // Only once the shipper has read its checkpoint (Redis mode with the trail on).
    private IEnumerable<Measurement<long>> ObserveSpill()
    {
        var shipped = Interlocked.Read(ref _shipped);
        return _writer is null || shipped < 0 ? [] : [new Measurement<long>(Math.Max(0, _writer.Count - shipped))];
    }

    private void Recovered()
    {
        if (Volatile.Read(ref _failing) != 0 && Interlocked.Exchange(ref _failing, 0) != 0)
        {
            Log.AuditTrailRecovered(_logger);
        }
    }

    private void Failed(AuditUnavailableException e, int decisions)
    {
        // One line when the trail starts failing, with the cause; not one per call.
        if (Interlocked.Exchange(ref _failing, 1) == 0)
        {
            Log.AuditTrailFailing(_logger, e.Message, _onFailure.ToString());
        }

        if (_onFailure == AuditFailurePolicy.Answer)
        {
            _unrecorded.Add(decisions);
            return;
        }

        _refused.Add(decisions);
        throw new RpcException(Unavailable);
    }
}
