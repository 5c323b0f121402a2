using ComplianceService.Contracts.V1;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Distribution.Tests;

/// <summary>The check requests the tests send.</summary>
internal static class Requests
{
    /// <summary>The jurisdiction <see cref="PolicySets.WithoutBozeman"/> removes.</summary>
    public const string RemovedJurisdiction = "us-mt-bozeman";

    /// <summary>A check on Roeland Park, present in every policy set of these tests.</summary>
    public static EncounterRequest Kept() => new()
    {
        Jurisdiction = "us-ks-roeland-park",
        Action = Action.InquireStatus,
        Contact = Contact.TrafficStop,
        Role = Role.Suspect,
    };

    /// <summary>A check on the jurisdiction that the second policy set removes.</summary>
    public static EncounterRequest Removed() => new()
    {
        Jurisdiction = RemovedJurisdiction,
        Action = Action.InquireStatus,
        Contact = Contact.TrafficStop,
        Role = Role.Witness,
    };
}
