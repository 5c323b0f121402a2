using System.Globalization;
using System.Text;

namespace ComplianceService.Policies;

/// <summary>
/// For each jurisdiction, epoch and action/request: how many input combinations no source in
/// force addresses. Counting: the relevant inputs are the input bits any rule of the chain in
/// force reads for that action or request (facts, derived predicates expanded to facts, the
/// contact/role/crime values named); every reachable assignment of them counts once (a value of
/// contact, role or crime that no rule names is one "other" choice; contact and role are always
/// given, crime is required for CERTIFY_VISA). Inputs no rule reads cannot change the answer, so
/// they are not multiplied in.
/// </summary>
public sealed class CoverageReport(IReadOnlyList<CoverageEntry> entries)
{
    /// <summary>One entry per (jurisdiction, epoch, action or request), in bundle order.</summary>
    public IReadOnlyList<CoverageEntry> Entries { get; } = entries;

    /// <summary>A plain-text table: jurisdiction, epoch, target, not addressed / combinations.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine("jurisdiction                 from        action/request          not addressed");
        foreach (var entry in Entries)
        {
            var from = entry.EpochStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "(start)";
            text.Append(CultureInfo.InvariantCulture, $"{entry.Jurisdiction,-28} {from,-11} {entry.Target,-23} {entry.NotAddressed}/{entry.Combinations}");
            text.AppendLine();
        }

        return text.ToString();
    }
}
