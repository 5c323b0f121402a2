using ComplianceService.Engine.Internal;

namespace ComplianceService.Policies.Internal;

/// <summary>One built decision table with the reference decision of each cell, kept for the
/// stages after the build (conflicts, coverage).</summary>
/// <param name="Jurisdiction">The jurisdiction.</param>
/// <param name="Start">UTC ticks at which the table's epoch starts (0 for the first).</param>
/// <param name="Target">The action or request (see <c>InputLayout</c>).</param>
/// <param name="Mask">The input bits the table reads.</param>
/// <param name="Positions">The bit positions of <paramref name="Mask"/>, ascending (cell bit i = input bit Positions[i]).</param>
/// <param name="Cells">The decision of each cell.</param>
internal sealed record TableCells(JurisdictionModel Jurisdiction, long Start, int Target, ulong Mask, IReadOnlyList<int> Positions, ReferenceDecision[] Cells)
{
    /// <summary>The packed input a cell answers.</summary>
    public static ulong InputOf(int cell, IReadOnlyList<int> positions)
    {
        ulong input = 0;
        for (var bit = 0; bit < positions.Count; bit++)
        {
            if ((cell & (1 << bit)) != 0)
            {
                input |= 1UL << positions[bit];
            }
        }

        return input;
    }

    /// <summary>True when the cell's input can come from a valid request (at most one contact, role, crime).</summary>
    public bool IsReachable(int cell) => InputLayout.IsReachable(InputOf(cell, Positions), Mask, Target);
}
