using ComplianceService.Engine.Analysis;

namespace ComplianceService.Engine.Internal;

/// <summary>
/// The enumeration behind the diff and the coverage report: for one jurisdiction and target, on
/// every epoch of either of (up to) two snapshots' states, every reachable input over the bits
/// either table reads (<see cref="InputSpace"/>) is put in a group by the answers the two tables
/// give it (or left out), each group is covered with disjoint cubes (<see cref="RegionCover"/>),
/// and a region found on neighbouring epochs with the same condition and group is one region over
/// both date ranges.
/// </summary>
internal static class RegionFinder
{
    /// <param name="before">The first state, or null when the jurisdiction is not served there.</param>
    /// <param name="after">The second state, or null.</param>
    /// <param name="target">The action or request.</param>
    /// <param name="answersBefore">The answer number of each template of the first snapshot.</param>
    /// <param name="answersAfter">The answer number of each template of the second snapshot.</param>
    /// <param name="group">Answer numbers (-1 = not served) to a group number, or -1 to leave the input out.</param>
    /// <param name="cellsVisited">Incremented by the number of inputs enumerated.</param>
    /// <param name="tablesVisited">Incremented by the number of table pairs enumerated.</param>
    public static List<FoundRegion> Find(
        JurisdictionState? before, JurisdictionState? after, int target, int[] answersBefore, int[] answersAfter, Func<int, int, int> group, ref long cellsVisited, ref long tablesVisited)
    {
        var starts = (before?.EpochStarts ?? Array.Empty<long>()).Concat(after?.EpochStarts ?? Array.Empty<long>()).Distinct().Order().ToArray();
        var found = new List<FoundRegion>();
        var open = new Dictionary<string, FoundRegion>(StringComparer.Ordinal);
        CompiledTable? lastBefore = null, lastAfter = null;
        for (var e = 0; e < starts.Length; e++)
        {
            var start = starts[e];
            var end = e + 1 < starts.Length ? starts[e + 1] : long.MaxValue;
            var tableBefore = before?.Table(start, target);
            var tableAfter = after?.Table(start, target);
            if (e > 0 && ReferenceEquals(tableBefore, lastBefore) && ReferenceEquals(tableAfter, lastAfter))
            {
                // The same tables decide on: every region open at the last epoch goes on.
                foreach (var region in open.Values)
                {
                    region.End = end;
                }

                continue;
            }

            lastBefore = tableBefore;
            lastAfter = tableAfter;
            var space = InputSpace.For(target, (tableBefore?.Mask ?? 0) | (tableAfter?.Mask ?? 0));
            cellsVisited += space.CellCount;
            tablesVisited++;
            var groups = new Dictionary<int, List<long>>();
            space.ForEachCell((cell, input) =>
            {
                var a = tableBefore is null ? -1 : answersBefore[tableBefore.Lookup(input).Index];
                var b = tableAfter is null ? -1 : answersAfter[tableAfter.Lookup(input).Index];
                var g = group(a, b);
                if (g >= 0)
                {
                    if (!groups.TryGetValue(g, out var cells))
                    {
                        groups[g] = cells = [];
                    }

                    cells.Add(cell);
                }
            });

            var next = new Dictionary<string, FoundRegion>(StringComparer.Ordinal);
            foreach (var (g, cells) in groups.OrderBy(p => p.Key))
            {
                foreach (var cube in RegionCover.Cover(space, cells))
                {
                    var condition = space.Region(cube);
                    var key = g + "|" + condition.Key;
                    if (open.TryGetValue(key, out var going) && going.End == start)
                    {
                        going.End = end;
                        next[key] = going;
                    }
                    else
                    {
                        var region = new FoundRegion(g, condition, space.Requests(cube), start) { End = end };
                        found.Add(region);
                        next[key] = region;
                    }
                }
            }

            open = next;
        }

        return found;
    }
}

/// <summary>A region found: its group, condition, how many requests it holds per date, and its dates (UTC ticks, end exclusive, long.MaxValue = open).</summary>
internal sealed class FoundRegion(int group, InputRegion condition, long requests, long start)
{
    public int Group { get; } = group;

    public InputRegion Condition { get; } = condition;

    public long Requests { get; } = requests;

    public long Start { get; } = start;

    public long End { get; set; }

    public DateOnly? From => Start == 0 ? null : DateOnly.FromDateTime(new DateTime(Start, DateTimeKind.Utc));

    public DateOnly? Until => End == long.MaxValue ? null : DateOnly.FromDateTime(new DateTime(End, DateTimeKind.Utc));
}
