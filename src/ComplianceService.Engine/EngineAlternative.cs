using System.Collections.Immutable;
using ComplianceService.Contracts.V1;

namespace ComplianceService.Engine;

/// <summary>One assignment of the unknown facts and the outcome it gives.</summary>
/// <param name="TrueFacts">The unknown facts true in this assignment, in request order.</param>
/// <param name="Outcome">The outcome under this assignment.</param>
public readonly record struct EngineAlternative(ImmutableArray<Fact> TrueFacts, Outcome Outcome);
