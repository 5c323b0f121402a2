using System.Globalization;
using System.Numerics;
using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Internal;

namespace ComplianceService.Policies.Internal;

/// <summary>
/// The conflict stage: no reachable cell may have a REQUIRED and a PROHIBITED answer from sources
/// of equal authority (DOMAIN.md "Combining sources" leaves that undecidable). Each pair of rules
/// is reported once, naming both rules and the first input where they meet.
/// </summary>
internal static class ConflictCheck
{
    public static void Run(IEnumerable<TableCells> tables, List<PolicyDiagnostic> diagnostics)
    {
        var reported = new HashSet<(RuleModel, RuleModel)>();
        foreach (var table in tables)
        {
            for (var cell = 0; cell < table.Cells.Length; cell++)
            {
                if (table.IsReachable(cell))
                {
                    Check(table, cell, reported, diagnostics);
                }
            }
        }
    }

    private static void Check(TableCells table, int cell, HashSet<(RuleModel, RuleModel)> reported, List<PolicyDiagnostic> diagnostics)
    {
        var decision = table.Cells[cell];
        foreach (var required in decision.Answers.Where(a => a.Outcome == Outcome.Required))
        {
            foreach (var prohibited in decision.Answers.Where(a => a.Outcome == Outcome.Prohibited && a.Source.Authority == required.Source.Authority))
            {
                if (!reported.Add((required.Rule, prohibited.Rule)))
                {
                    continue;
                }

                var facts = new List<string>();
                for (var bits = TableCells.InputOf(cell, table.Positions); bits != 0; bits &= bits - 1)
                {
                    facts.Add(InputLayout.DescribeBit(BitOperations.TrailingZeroCount(bits)));
                }

                var from = table.Start == 0 ? "every date" : "from " + new DateTime(table.Start, DateTimeKind.Utc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var location = required.Rule.Location;
                diagnostics.Add(new PolicyDiagnostic(location.File, location.Line, location.Column,
                    $"policy conflict: {Describe(required.Rule)} answers REQUIRED and {Describe(prohibited.Rule)} answers PROHIBITED, " +
                    $"both {WireNames.Authorities.Short((int)required.Source.Authority)}, for {InputLayout.DescribeTarget(table.Target)} in {table.Jurisdiction.Id} " +
                    $"({from}) when {(facts.Count == 0 ? "no input is set" : string.Join(", ", facts))}"));
            }
        }
    }

    private static string Describe(RuleModel rule) =>
        $"{Path.GetFileName(rule.Location.File)}:{rule.Location.Line} {rule.Source.Id} {rule.Section}";
}
