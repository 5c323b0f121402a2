using ComplianceService.Contracts.V1;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Benchmarks;

/// <summary>The encounter the benchmarks decide and record: in Roeland Park, verifying a suspect's status at a traffic
/// stop on a state charge, with a supervisor's approval (APPROVAL_REQUIRED under the directive's III.a).</summary>
internal static class BenchmarkEncounter
{
    /// <summary>A new request for that encounter, with an incident id.</summary>
    public static EncounterRequest Request() => new()
    {
        Jurisdiction = "us-ks-roeland-park",
        Action = Action.VerifyStatus,
        Contact = Contact.TrafficStop,
        Role = Role.Suspect,
        Facts = { Fact.StateCharge, Fact.SupervisorApproval },
        IncidentId = "CAD-2026-000123",
    };
}
