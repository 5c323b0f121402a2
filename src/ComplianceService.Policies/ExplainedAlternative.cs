using ComplianceService.Contracts.V1;

namespace ComplianceService.Policies;

/// <summary>One assignment of the unknown facts and the outcome it gives.</summary>
/// <param name="TrueFacts">The unknown facts true in the assignment (the others false).</param>
/// <param name="Outcome">The outcome.</param>
public sealed record ExplainedAlternative(IReadOnlyList<Fact> TrueFacts, Outcome Outcome);
