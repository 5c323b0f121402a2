using ComplianceService.Engine.Internal;

namespace ComplianceService.Engine.Analysis;

/// <summary>
/// The exhaustive difference between two policy snapshots: which requests are answered differently,
/// where and from when. Nothing is sampled: for every jurisdiction served by either snapshot (one served
/// by only one side changes every answer, from or to "not served"), every action and request, and every
/// date range between the effective dates of either side, every input the two tables can tell apart is
/// decided by both and compared.
/// </summary>
/// <remarks>
/// <para>An answer changes when its outcome, its visa (CERTIFY_VISA) or its obligations (code, who acts,
/// deadline) change (<see cref="DecisionSummary"/>). A change of guidance line or citations alone, e.g. a
/// concurring source that now concurs differently, is not a change of what the officer is told to do, and
/// is not reported.</para>
/// <para>The changed inputs are grouped by (answer before, answer after) and each group is covered by
/// disjoint regions (conditions on facts, contact, role and crime); regions count distinct requests as
/// <see cref="InputRegion.AllRequests"/> defines them, so the counts of one table's regions add up.</para>
/// </remarks>
public static class PolicyDiff
{
    /// <summary>Compares every answer of <paramref name="before"/> with <paramref name="after"/>.</summary>
    /// <param name="before">The snapshot answering now (e.g. the active revision).</param>
    /// <param name="after">The snapshot that would answer instead.</param>
    /// <param name="jurisdiction">Compare only this jurisdiction; null for all.</param>
    /// <exception cref="ArgumentException"><paramref name="jurisdiction"/> is served by neither snapshot.</exception>
    public static PolicyDiffReport Compare(PolicySnapshot before, PolicySnapshot after, string? jurisdiction = null)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var jurisdictions = before.JurisdictionIds.Union(after.JurisdictionIds).Order(StringComparer.Ordinal).ToList();
        if (jurisdiction is not null)
        {
            if (!jurisdictions.Contains(jurisdiction, StringComparer.Ordinal))
            {
                throw new ArgumentException($"jurisdiction '{jurisdiction}' is served by neither side", nameof(jurisdiction));
            }

            jurisdictions = [jurisdiction];
        }

        var classes = new AnswerClasses();
        var answersBefore = classes.Of(before);
        var answersAfter = classes.Of(after);
        var pairs = new Dictionary<(int, int), int>();
        var pairList = new List<(int Before, int After)>();
        int Pair(int a, int b)
        {
            if (a == b)
            {
                return -1;
            }

            if (!pairs.TryGetValue((a, b), out var index))
            {
                index = pairList.Count;
                pairs[(a, b)] = index;
                pairList.Add((a, b));
            }

            return index;
        }

        var regions = new List<ChangeRegion>();
        long inputs = 0, tables = 0;
        foreach (var id in jurisdictions)
        {
            var stateBefore = before.State(id);
            var stateAfter = after.State(id);
            for (var target = 0; target < InputLayout.TargetCount; target++)
            {
                var found = RegionFinder.Find(stateBefore, stateAfter, target, answersBefore, answersAfter, Pair, ref inputs, ref tables);
                regions.AddRange(found
                    .OrderBy(r => r.Start)
                    .ThenBy(r => r.Group)
                    .ThenByDescending(r => r.Requests)
                    .Select(r => new ChangeRegion(
                        id,
                        r.Condition,
                        r.From,
                        r.Until,
                        pairList[r.Group].Before < 0 ? null : classes[pairList[r.Group].Before],
                        pairList[r.Group].After < 0 ? null : classes[pairList[r.Group].After],
                        r.Requests)));
            }
        }

        return new PolicyDiffReport(regions, jurisdictions, inputs, tables);
    }
}
