using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Internal;

namespace ComplianceService.Policies.Internal;

/// <summary>The coverage stage: for each built table, how many reachable input combinations fall to
/// NOT_ADDRESSED (the counting is described on <see cref="CoverageReport"/>).</summary>
internal static class CoverageCount
{
    public static CoverageReport Run(IEnumerable<TableCells> tables)
    {
        var entries = new List<CoverageEntry>();
        foreach (var table in tables)
        {
            long combinations = 0, notAddressed = 0;
            for (var cell = 0; cell < table.Cells.Length; cell++)
            {
                if (table.IsReachable(cell))
                {
                    combinations++;
                    if (table.Cells[cell].Outcome == Outcome.NotAddressed)
                    {
                        notAddressed++;
                    }
                }
            }

            entries.Add(new CoverageEntry(
                table.Jurisdiction.Id,
                table.Start == 0 ? null : DateOnly.FromDateTime(new DateTime(table.Start, DateTimeKind.Utc)),
                InputLayout.TargetAction(table.Target),
                InputLayout.TargetRequest(table.Target),
                table.Positions.Select(InputLayout.DescribeBit).ToList(),
                combinations,
                notAddressed));
        }

        return new CoverageReport(entries);
    }
}
