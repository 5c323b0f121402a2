using ComplianceService.Contracts.V1;

namespace ComplianceService.Engine;

/// <summary>An obligation that comes with a decision.</summary>
/// <param name="Code">What must happen.</param>
/// <param name="Text">The obligation's text from the policy vocabulary.</param>
/// <param name="Deadline">By when, when there is a deadline.</param>
/// <param name="Source">The source id whose clause imposes it.</param>
/// <param name="Section">The clause.</param>
/// <param name="Actor">Who acts on it.</param>
public sealed record DecisionObligation(Obligation Code, string Text, TimeSpan? Deadline, string Source, string Section, Actor Actor);
