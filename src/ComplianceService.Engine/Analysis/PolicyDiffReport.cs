namespace ComplianceService.Engine.Analysis;

/// <summary>What <see cref="PolicyDiff.Compare"/> found.</summary>
/// <param name="Regions">Every change, by jurisdiction, then action/request (actions first, in enum order), then date, then answers.</param>
/// <param name="Jurisdictions">The jurisdictions compared (served by either side), sorted.</param>
/// <param name="InputsCompared">How many inputs were decided by both sides and compared: for each jurisdiction, action or
/// request and date range on which neither side's tables change, every reachable assignment of the input bits either
/// table reads (an input bit neither reads cannot change either answer, so it is not multiplied in).</param>
/// <param name="TablesCompared">How many (jurisdiction, action or request, date range) table pairs were enumerated.</param>
public sealed record PolicyDiffReport(IReadOnlyList<ChangeRegion> Regions, IReadOnlyList<string> Jurisdictions, long InputsCompared, long TablesCompared)
{
    /// <summary>True when some request is answered differently.</summary>
    public bool HasChanges => Regions.Count > 0;
}
