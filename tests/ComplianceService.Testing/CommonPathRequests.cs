using ComplianceService.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Testing;

/// <summary>
/// The requests of the zero-allocation tests (engine and adapter): the server's common path, with no unknown facts
/// and no what-if, over every jurisdiction, every action and request, version 2's facts and some dated.
/// </summary>
public static class CommonPathRequests
{
    /// <summary>Every action at every jurisdiction, half of them dated 2019-06-01.</summary>
    public static List<EncounterRequest> Encounters(IEnumerable<string> jurisdictions)
    {
        ArgumentNullException.ThrowIfNull(jurisdictions);
        var encounters = new List<EncounterRequest>();
        foreach (var jurisdiction in jurisdictions)
        {
            for (var action = 1; action <= 9; action++)
            {
                encounters.Add(new EncounterRequest
                {
                    Jurisdiction = jurisdiction,
                    Action = (Action)action,
                    Contact = (Contact)(1 + (action % 5)),
                    Role = (Role)(1 + (action % 5)),
                    Crime = Crime.DomesticViolence,
                    Facts = { Fact.StateCharge, Fact.ForeignNational, (Fact)(1 + action), Fact.StatusInQuestion, Fact.ConsularNotificationRequested, Fact.MandatoryNotificationCountry },
                    AsOf = action % 2 == 0 ? Timestamp.FromDateTime(new DateTime(2019, 6, 1, 0, 0, 0, DateTimeKind.Utc)) : null,
                    IncidentId = "incident-42",
                });
            }
        }

        return encounters;
    }

    /// <summary>Every request at every jurisdiction, from ICE and from CBP with different bases.</summary>
    public static List<CooperationRequest> Cooperation(IEnumerable<string> jurisdictions)
    {
        ArgumentNullException.ThrowIfNull(jurisdictions);
        var cooperation = new List<CooperationRequest>();
        foreach (var jurisdiction in jurisdictions)
        {
            for (var request = 1; request <= 6; request++)
            {
                cooperation.Add(new CooperationRequest { Jurisdiction = jurisdiction, Request = (Request)request, Agency = Agency.Ice, Basis = { Fact.CriminalWarrant } });
                cooperation.Add(new CooperationRequest { Jurisdiction = jurisdiction, Request = (Request)request, Agency = Agency.Cbp, Basis = { Fact.CrimeInProgress, Fact.SupervisorApproval } });
            }
        }

        return cooperation;
    }
}
