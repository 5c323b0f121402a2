using System.Collections.Immutable;
using ComplianceService.Contracts.V1;

namespace ComplianceService.Engine.Analysis;

/// <summary>
/// What a decision tells the officer, as the analyses compare it: the outcome, the visa (for
/// CERTIFY_VISA) and the obligations, each with who acts and by when. Two decisions with the same
/// summary are the same answer even when their guidance lines or citations differ.
/// </summary>
/// <param name="Outcome">The outcome.</param>
/// <param name="Visa">For CERTIFY_VISA the visa class, otherwise unspecified.</param>
/// <param name="Obligations">The obligations, ordered by code.</param>
public sealed record DecisionSummary(Outcome Outcome, Visa Visa, ImmutableArray<DecisionObligation> Obligations)
{
    /// <summary>True when both have the same obligation (code, actor, deadline).</summary>
    internal static bool SameObligation(DecisionObligation left, DecisionObligation right) =>
        left.Code == right.Code && left.Actor == right.Actor && left.Deadline == right.Deadline;
}
