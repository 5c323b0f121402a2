using ComplianceService.Contracts.V1;

namespace ComplianceService.Engine;

/// <summary>What would change the answer: one fact flipped and the headline outcome it gives
/// (DOMAIN.md "What would change the answer").</summary>
/// <param name="Fact">The fact flipped.</param>
/// <param name="BecomesTrue">True when the fact was not given (it would become true), false when it was.</param>
/// <param name="Outcome">The headline outcome with only this fact flipped, unknown facts handled as usual.</param>
public readonly record struct EngineWhatIf(Fact Fact, bool BecomesTrue, Outcome Outcome);
