using ComplianceService.Contracts.V1;

namespace ComplianceService.Policies;

/// <summary>An obligation of the decision and why it is there.</summary>
/// <param name="Code">The obligation.</param>
/// <param name="Actor">Who acts on it.</param>
/// <param name="Source">The source imposing it.</param>
/// <param name="Section">The clause imposing it.</param>
/// <param name="Origin">Why it is part of the decision; null when not known (a bundle).</param>
public sealed record ExplainedObligation(Obligation Code, Actor Actor, string Source, string Section, ObligationOrigin? Origin);
