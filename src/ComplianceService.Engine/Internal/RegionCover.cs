namespace ComplianceService.Engine.Internal;

/// <summary>
/// Covers a set of cells of an <see cref="InputSpace"/> with disjoint cubes (a cube allows, per
/// variable, a set of its values: bit i of <c>cube[v]</c> = value i), so that the cubes hold
/// exactly the set and their counts add up. First a Shannon split: a cube all inside the set is
/// kept whole; otherwise it is split on the variable whose values leave the most cells in cubes
/// wholly inside or wholly outside the set. Then cubes equal on every variable but one are merged
/// (their values there united), Quine-McCluskey style, until none are left to merge. Exact by
/// construction; compact, not always minimal.
/// </summary>
internal static class RegionCover
{
    public static List<uint[]> Cover(InputSpace space, List<long> cells)
    {
        var variables = space.Variables.Length;
        var cube = new uint[variables];
        for (var v = 0; v < variables; v++)
        {
            cube[v] = (1u << space.Variables[v].Values.Length) - 1;
        }

        var cubes = new List<uint[]>();
        Split(space, cube, new bool[variables], cells, space.CellCount, cubes);
        Merge(cubes, variables);
        return cubes;
    }

    private static void Split(InputSpace space, uint[] cube, bool[] split, List<long> cells, long size, List<uint[]> output)
    {
        if (cells.Count == 0)
        {
            return;
        }

        if (cells.Count == size)
        {
            output.Add((uint[])cube.Clone());
            return;
        }

        int best = -1;
        long bestScore = -1;
        for (var v = 0; v < cube.Length; v++)
        {
            var domain = space.Variables[v].Values.Length;
            if (split[v] || domain == 1)
            {
                continue;
            }

            var counts = new long[domain];
            foreach (var cell in cells)
            {
                counts[space.ValueOf(cell, v)]++;
            }

            var childSize = size / domain;
            var score = 0L;
            foreach (var count in counts)
            {
                if (count == 0 || count == childSize)
                {
                    score += childSize;
                }
            }

            if (score > bestScore || (score == bestScore && domain < space.Variables[best].Values.Length))
            {
                best = v;
                bestScore = score;
            }
        }

        var values = space.Variables[best].Values.Length;
        var parts = new List<long>[values];
        for (var i = 0; i < values; i++)
        {
            parts[i] = [];
        }

        foreach (var cell in cells)
        {
            parts[space.ValueOf(cell, best)].Add(cell);
        }

        var whole = cube[best];
        split[best] = true;
        for (var i = 0; i < values; i++)
        {
            cube[best] = 1u << i;
            Split(space, cube, split, parts[i], size / values, output);
        }

        cube[best] = whole;
        split[best] = false;
    }

    /// <summary>Merges disjoint cubes that differ in one variable only, until none do.</summary>
    private static void Merge(List<uint[]> cubes, int variables)
    {
        var merged = true;
        while (merged)
        {
            merged = false;
            for (var v = 0; v < variables; v++)
            {
                var groups = new Dictionary<string, uint[]>(StringComparer.Ordinal);
                var kept = new List<uint[]>(cubes.Count);
                foreach (var cube in cubes)
                {
                    var key = KeyWithout(cube, v);
                    if (groups.TryGetValue(key, out var into))
                    {
                        into[v] |= cube[v];
                        merged = true;
                    }
                    else
                    {
                        groups[key] = cube;
                        kept.Add(cube);
                    }
                }

                cubes.Clear();
                cubes.AddRange(kept);
            }
        }
    }

    private static string KeyWithout(uint[] cube, int skip)
    {
        var chars = new char[cube.Length];
        for (var v = 0; v < cube.Length; v++)
        {
            chars[v] = v == skip ? '*' : (char)('0' + cube[v]);
        }

        return new string(chars);
    }
}
