using System.Collections.Immutable;
using ComplianceService.Contracts.V1;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Engine.Analysis;

/// <summary>
/// Requests whose answer changes in the same way between two snapshots: in one jurisdiction, for
/// one action or request, from one date until another, every request matching
/// <see cref="Condition"/> was answered <see cref="Before"/> and is answered <see cref="After"/>.
/// </summary>
/// <param name="Jurisdiction">The jurisdiction id.</param>
/// <param name="Condition">The requests changed (disjoint from every other region of the same jurisdiction, target and dates).</param>
/// <param name="From">First day (UTC) the change applies to, or null for every date before <paramref name="Until"/>.</param>
/// <param name="Until">First day it no longer applies to, or null for every date on.</param>
/// <param name="Before">The answer in the first snapshot, or null when that snapshot does not serve the jurisdiction.</param>
/// <param name="After">The answer in the second snapshot, or null when that snapshot does not serve the jurisdiction.</param>
/// <param name="Requests">How many distinct requests the region holds for one date (see <see cref="InputRegion.AllRequests"/>).</param>
public sealed record ChangeRegion(
    string Jurisdiction, InputRegion Condition, DateOnly? From, DateOnly? Until, DecisionSummary? Before, DecisionSummary? After, long Requests)
{
    /// <summary>The action, or unspecified for a cooperation request.</summary>
    public Action Action => Condition.Action;

    /// <summary>The request, or unspecified for an encounter action.</summary>
    public Request Request => Condition.Request;

    /// <summary>Obligations of <see cref="After"/> that <see cref="Before"/> lacks.</summary>
    public ImmutableArray<DecisionObligation> ObligationsAdded => Missing(After, Before);

    /// <summary>Obligations of <see cref="Before"/> that <see cref="After"/> lacks.</summary>
    public ImmutableArray<DecisionObligation> ObligationsRemoved => Missing(Before, After);

    private static ImmutableArray<DecisionObligation> Missing(DecisionSummary? from, DecisionSummary? other) =>
        from is null ? [] : [.. from.Obligations.Where(o => other is null || !other.Obligations.Any(p => DecisionSummary.SameObligation(o, p)))];
}
