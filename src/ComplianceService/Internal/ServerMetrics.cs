using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using ComplianceService.Contracts.V1;
using ComplianceService.Policy;

namespace ComplianceService.Internal;

/// <summary>
/// The host's own instruments, on the <c>ComplianceService</c> meter (OpenTelemetry, or dotnet-counters, reads it):
/// decisions by jurisdiction, kind and outcome, the time a call spends in the server, and the revision in force. The
/// policy store's (<c>ComplianceService.Store</c>) and the audit trail's (<c>ComplianceService.Audit</c>) instruments
/// live beside the code they count; <see cref="MeterNames"/> lists every meter the host exports.
/// </summary>
/// <remarks>
/// Recording allocates nothing. A decision is counted in this class's own table (one increment of a slot for its
/// jurisdiction, kind and outcome), which the observable counter reports when metrics are collected: the tags are then
/// looked up once per series and scrape, not once per call (recording through a tagged <see cref="Counter{T}"/> cost
/// about 0.45 µs per call, most of the metrics' cost). The duration is recorded with one tag, its clock
/// <see cref="Stopwatch.GetTimestamp"/>. When nothing listens (<c>Compliance:Metrics:Enabled=false</c>) each
/// instrument's <see cref="Instrument.Enabled"/> is false and a call does no metrics work beyond reading it.
/// </remarks>
public sealed class ServerMetrics
{
    /// <summary>The host's meter.</summary>
    public const string MeterName = "ComplianceService";

    /// <summary>Counter <c>compliance.decisions</c>: decisions answered, tagged jurisdiction, kind and outcome.</summary>
    public const string Decisions = "compliance.decisions";

    /// <summary>Histogram <c>compliance.decision.duration</c> (seconds): a deciding call's time in the server, from its
    /// handler's start to its reply (audit record included), tagged method.</summary>
    public const string DecisionDuration = "compliance.decision.duration";

    /// <summary>Gauge <c>compliance.policy.revision</c>: 1 for the revision in force (tag revision), 0 for the ones
    /// before it.</summary>
    public const string PolicyRevision = "compliance.policy.revision";

    /// <summary>Tag: the jurisdiction id decided for.</summary>
    public const string JurisdictionTag = "jurisdiction";

    /// <summary>Tag: what was decided, the action or federal request by its wire name (<c>ACTION_CONTACT_ICE</c>,
    /// <c>REQUEST_DETAINER</c>).</summary>
    public const string KindTag = "kind";

    /// <summary>Tag: the outcome by its wire name (<c>OUTCOME_REQUIRED</c>).</summary>
    public const string OutcomeTag = "outcome";

    /// <summary>Tag: the RPC (<c>CheckEncounter</c>, <c>CheckCooperationRequest</c>, <c>AdviseEncounter</c>).</summary>
    public const string MethodTag = "method";

    /// <summary>Tag: a policy revision (its SHA-256).</summary>
    public const string RevisionTag = "revision";

    // Bucket bounds for a call measured in microseconds to a second.
    private static readonly double[] DurationBuckets =
        [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

    private static readonly Meter StaticMeter = new(MeterName);
    private static readonly string[] ActionNames = Names("Action");
    private static readonly string[] RequestNames = Names("Request");
    private static readonly string[] OutcomeNames = Names("Outcome");

    private static readonly int Outcomes = OutcomeNames.Length + 1;
    private static readonly int Kinds = ActionNames.Length + RequestNames.Length + 1;

    private readonly ObservableCounter<long> _decisions;

    // Per jurisdiction, the decisions counted by kind (actions, then federal requests, then UNKNOWN) and outcome (then
    // UNKNOWN): slot kind * Outcomes + outcome.
    private readonly ConcurrentDictionary<string, long[]> _counts = new(StringComparer.Ordinal);
    private readonly Histogram<double> _duration;
    private readonly ActivePolicy _active;
    private readonly List<string> _previousRevisions = [];
    private readonly Lock _revisionsLock = new();
    private string? _reportedRevision;

    /// <summary>Creates the instruments on this host's <c>ComplianceService</c> meter.</summary>
    public ServerMetrics(IMeterFactory meters, ActivePolicy active)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(active);
        _active = active;
        var meter = meters.Create(MeterName);
        _decisions = meter.CreateObservableCounter(
            Decisions, ObserveDecisions, "{decision}", "Decisions answered, by jurisdiction, kind (action or federal request) and outcome (AdviseEncounter counts each action's).");
        _duration = meter.CreateHistogram<double>(
            DecisionDuration,
            "s",
            "Time a deciding call spends in the server, from its handler's start to its reply (audit record included).",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        meter.CreateObservableGauge(
            PolicyRevision, ObserveRevisions, "{revision}", "1 for the policy revision in force (tag revision), 0 for the revisions this server served before it.");
    }

    /// <summary>Every meter the host exports: its own, the audit trail's, the policy store's and the bundle hashes'.</summary>
    public static IReadOnlyList<string> MeterNames { get; } =
        [MeterName, Audit.DecisionAudit.MeterName, Store.PolicyStoreMetrics.MeterName, Engine.BundleRevision.MeterName];

    /// <summary>
    /// <c>compliance.kestrel.http2.output_queue_exceeded</c>: every time Kestrel found a connection's HTTP/2 output queue
    /// over its limit (a client opening streams without reading the answers); each such connection is logged once.
    /// </summary>
    public static Counter<long> Http2OutputQueueExceeded { get; } = StaticMeter.CreateCounter<long>(
        "compliance.kestrel.http2.output_queue_exceeded",
        unit: "{event}",
        description: "Kestrel events of an HTTP/2 connection whose output queue overflowed; the connection is aborted and logged once.");

    /// <summary>The start of a call to time: a <see cref="Stopwatch"/> timestamp, or 0 when the duration is not measured.</summary>
    public long Start() => _duration.Enabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Counts one answered decision (nothing when no one listens).</summary>
    public void Decided(Decision decision)
    {
        if (_decisions.Enabled)
        {
            Count(decision);
        }
    }

    /// <summary>Counts the decisions of one AdviseEncounter (nothing when no one listens).</summary>
    public void Decided(EncounterAdvice advice)
    {
        if (_decisions.Enabled)
        {
            foreach (var decision in advice.Decisions)
            {
                Count(decision);
            }
        }
    }

    /// <summary>Records a call's time in the server since <paramref name="started"/> (from <see cref="Start"/>; 0 records
    /// nothing).</summary>
    public void Answered(long started, string method)
    {
        if (started != 0)
        {
            _duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(MethodTag, method));
        }
    }

    private void Count(Decision decision)
    {
        if (!_counts.TryGetValue(decision.Jurisdiction, out var counts))
        {
            counts = _counts.GetOrAdd(decision.Jurisdiction, static _ => new long[Kinds * Outcomes]);
        }

        var kind = decision.Action != Contracts.V1.Action.Unspecified
            ? Slot((int)decision.Action, ActionNames.Length, 0, Kinds - 1)
            : Slot((int)decision.Request, RequestNames.Length, ActionNames.Length, Kinds - 1);
        var outcome = Slot((int)decision.Outcome, OutcomeNames.Length, 0, Outcomes - 1);
        Interlocked.Increment(ref counts[(kind * Outcomes) + outcome]);
    }

    // At each collection: every (jurisdiction, kind, outcome) counted so far, with its total.
    private IEnumerable<Measurement<long>> ObserveDecisions()
    {
        foreach (var (jurisdiction, counts) in _counts)
        {
            for (var slot = 0; slot < counts.Length; slot++)
            {
                var count = Interlocked.Read(ref counts[slot]);
                if (count != 0)
                {
                    yield return new Measurement<long>(
                        count,
                        new KeyValuePair<string, object?>(JurisdictionTag, jurisdiction),
                        new KeyValuePair<string, object?>(KindTag, KindName(slot / Outcomes)),
                        new KeyValuePair<string, object?>(OutcomeTag, OutcomeName(slot % Outcomes)));
                }
            }
        }
    }

    // A value's slot among `count` names starting at `first`; past them, the `unknown` slot.
    private static int Slot(int value, int count, int first, int unknown) => (uint)value < (uint)count ? first + value : unknown;

    private static string KindName(int kind) =>
        kind < ActionNames.Length ? ActionNames[kind]
        : kind < ActionNames.Length + RequestNames.Length ? RequestNames[kind - ActionNames.Length]
        : "UNKNOWN";

    private static string OutcomeName(int outcome) => outcome < OutcomeNames.Length ? OutcomeNames[outcome] : "UNKNOWN";

    // At each collection: the revision in force as 1, and as 0 the one it replaced and each one reported before (an
    // exporter keeps a series it has seen, so a replaced revision must be told it is no longer in force). At most 32
    // earlier revisions are kept.
    private IEnumerable<Measurement<int>> ObserveRevisions()
    {
        var activation = _active.Revision;
        var current = activation?.Revision;
        lock (_revisionsLock)
        {
            Replaced(_reportedRevision, current);
            Replaced(activation?.PreviousRevision, current);
            _reportedRevision = current;
            if (current is not null)
            {
                _previousRevisions.Remove(current);
            }

            var measurements = new List<Measurement<int>>(_previousRevisions.Count + 1);
            measurements.AddRange(_previousRevisions.Select(r => new Measurement<int>(0, new KeyValuePair<string, object?>(RevisionTag, r))));
            if (current is not null)
            {
                measurements.Add(new Measurement<int>(1, new KeyValuePair<string, object?>(RevisionTag, current)));
            }

            return measurements;
        }
    }

    private void Replaced(string? revision, string? current)
    {
        if (string.IsNullOrEmpty(revision) || revision == current || _previousRevisions.Contains(revision))
        {
            return;
        }

        _previousRevisions.Add(revision);
        if (_previousRevisions.Count > 32)
        {
            _previousRevisions.RemoveAt(0);
        }
    }

    private static string[] Names(string enumName)
    {
        var descriptor = VocabularyReflection.Descriptor.EnumTypes.Single(e => e.Name == enumName);
        var names = new string[descriptor.Values.Max(v => v.Number) + 1];
        Array.Fill(names, "UNKNOWN");
        foreach (var value in descriptor.Values)
        {
            names[value.Number] = value.Name;
        }

        return names;
    }
}
