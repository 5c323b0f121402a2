using ComplianceService.Contracts.V1;

namespace ComplianceService.Policies.Internal;

/// <summary>A decision as the reference evaluator reaches it, rule by rule.</summary>
internal sealed class ReferenceDecision
{
    public required Outcome Outcome { get; init; }

    /// <summary>Every source that answered, strongest authority first (the citations).</summary>
    public required IReadOnlyList<ReferenceAnswer> Answers { get; init; }
    public required IReadOnlyList<ReferenceObligation> Obligations { get; init; }
    public required string Guidance { get; init; }
    public required Visa Visa { get; init; }
}
