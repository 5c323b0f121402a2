using ComplianceService.Engine;

namespace ComplianceService.Rpc;

/// <summary>
/// A decision on its way to the wire: the engine's precomputed decision plus the per-call
/// decision id and the caller's incident id. Written by <see cref="DecisionReplyMarshaller"/>
/// without building a <c>Decision</c> message.
/// </summary>
internal readonly struct DecisionReply(EngineDecision decision, Guid decisionId, string incidentId)
{
    /// <summary>Length of a decision id: a UUID (version 7, time-ordered) in its 36-character form.</summary>
    public const int DecisionIdLength = 36;

    public EngineDecision Decision { get; } = decision;

    public Guid DecisionId { get; } = decisionId;

    public string IncidentId { get; } = incidentId;

    /// <summary>Formats the decision id into <paramref name="destination"/> (36 chars) without allocating.</summary>
    public ReadOnlySpan<char> FormatDecisionId(Span<char> destination)
    {
        DecisionId.TryFormat(destination, out var written);
        return destination[..written];
    }
}
