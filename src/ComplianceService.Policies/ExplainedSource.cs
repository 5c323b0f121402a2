using ComplianceService.Contracts.V1;

namespace ComplianceService.Policies;

/// <summary>One source of the chain, as the walk met it.</summary>
/// <param name="Id">The source id, e.g. "rp/directive".</param>
/// <param name="Jurisdiction">The jurisdiction whose file holds it.</param>
/// <param name="Authority">Its authority.</param>
/// <param name="Effective">The date it is in force from (00:00 UTC); null when unknown (in force on every date).</param>
/// <param name="InForce">Whether it is in force at the date decided for (when not, its rules are not tried).</param>
/// <param name="Rules">Its rules for this action or request, in file order, each with what it did; empty when
/// it has none or is not in force, and from a bundle (which keeps no conditions).</param>
/// <param name="Answer">Its answer (the outcome of its first rule that held), or unspecified when it is silent.</param>
/// <param name="AnswerSection">The clause that answered, or null when silent.</param>
public sealed record ExplainedSource(
    string Id,
    string Jurisdiction,
    Authority Authority,
    DateOnly? Effective,
    bool InForce,
    IReadOnlyList<ExplainedRule> Rules,
    Outcome Answer,
    string? AnswerSection);
