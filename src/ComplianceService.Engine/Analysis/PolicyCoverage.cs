using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Internal;

namespace ComplianceService.Engine.Analysis;

/// <summary>
/// Where a snapshot's policies leave a question unanswered: for every jurisdiction, action or request and
/// date range, the regions of requests answered NOT_ADDRESSED, found by enumerating every reachable input
/// the tables read (as <see cref="PolicyDiff"/> does), so a policy author sees what their policy leaves unsaid.
/// </summary>
public static class PolicyCoverage
{
    /// <summary>The NOT_ADDRESSED regions, by jurisdiction, then action/request (actions first), then date.</summary>
    /// <param name="snapshot">The policies.</param>
    /// <param name="jurisdiction">Only this jurisdiction; null for all.</param>
    /// <exception cref="ArgumentException"><paramref name="jurisdiction"/> is not served.</exception>
    public static IReadOnlyList<CoverageRegion> NotAddressed(PolicySnapshot snapshot, string? jurisdiction = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        IEnumerable<string> jurisdictions = snapshot.JurisdictionIds;
        if (jurisdiction is not null)
        {
            if (!snapshot.JurisdictionIds.Contains(jurisdiction, StringComparer.Ordinal))
            {
                throw new ArgumentException($"jurisdiction '{jurisdiction}' is not served", nameof(jurisdiction));
            }

            jurisdictions = [jurisdiction];
        }

        var classes = new AnswerClasses();
        var answers = classes.Of(snapshot);
        var regions = new List<CoverageRegion>();
        long inputs = 0, tables = 0;
        foreach (var id in jurisdictions)
        {
            var state = snapshot.State(id);
            for (var target = 0; target < InputLayout.TargetCount; target++)
            {
                var found = RegionFinder.Find(state, null, target, answers, [], (a, _) => classes[a].Outcome == Outcome.NotAddressed ? 0 : -1, ref inputs, ref tables);
                regions.AddRange(found
                    .OrderBy(r => r.Start)
                    .ThenByDescending(r => r.Requests)
                    .Select(r => new CoverageRegion(id, r.Condition, r.From, r.Until, r.Requests)));
            }
        }

        return regions;
    }
}
