using ComplianceService.Contracts.V1;

namespace ComplianceService.Policies;

/// <summary>One rule of a source, tried on the request's inputs.</summary>
/// <param name="Section">The clause.</param>
/// <param name="File">The policy file that holds it.</param>
/// <param name="Line">Its line in that file.</param>
/// <param name="Condition">Its condition as written (<c>when:</c>), or "always".</param>
/// <param name="Outcome">What it answers; unspecified for an attach rule.</param>
/// <param name="Obligations">The obligations it lists (an attach rule's are what it attaches).</param>
/// <param name="Verdict">What the rule did.</param>
/// <param name="Reads">The inputs its condition reads (derived predicates and implied facts expanded), with their values in this request.</param>
public sealed record ExplainedRule(
    string Section,
    string File,
    int Line,
    string Condition,
    Outcome Outcome,
    IReadOnlyList<Obligation> Obligations,
    RuleVerdict Verdict,
    IReadOnlyList<ExplainedInput> Reads);
