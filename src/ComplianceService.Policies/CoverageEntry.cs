using ComplianceService.Contracts.V1;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Policies;

/// <summary>
/// How much of one action or request a jurisdiction's sources address in one epoch.
/// </summary>
/// <param name="Jurisdiction">The jurisdiction id.</param>
/// <param name="EpochStart">First day of the epoch (UTC), null for the epoch before every known date.</param>
/// <param name="Action">The action, or unspecified for a cooperation request.</param>
/// <param name="Request">The request, or unspecified for an encounter action.</param>
/// <param name="Inputs">The relevant inputs: those any rule in force for it reads (the table's index bits).</param>
/// <param name="Combinations">Reachable assignments of the relevant inputs (at most one contact, role and crime).</param>
/// <param name="NotAddressed">How many of them fall to NOT_ADDRESSED.</param>
public sealed record CoverageEntry(
    string Jurisdiction,
    DateOnly? EpochStart,
    Action Action,
    Request Request,
    IReadOnlyList<string> Inputs,
    long Combinations,
    long NotAddressed)
{
    /// <summary>The action or request name, e.g. "INQUIRE_STATUS" or "DETAINER".</summary>
    public string Target => Action != Action.Unspecified
        ? Engine.Internal.WireNames.Actions.Short((int)Action)
        : Engine.Internal.WireNames.Requests.Short((int)Request);
}
