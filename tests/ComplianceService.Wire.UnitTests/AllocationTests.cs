using ComplianceService.Contracts.V1;
using ComplianceService.Engine;
using ComplianceService.Testing;
using Google.Protobuf.WellKnownTypes;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Wire.UnitTests;

/// <summary>The server's common path (no unknown facts, no what-if) allocates nothing: reading the
/// request into a query, the engine's lookup, and writing the reply bytes with the decision id,
/// version 2's facts included. An allocation count, not a timing.</summary>
public sealed class AllocationTests
{
    private static readonly DateTime Now = RequestGenerator.Now;

    [Fact]
    public void Reading_deciding_and_writing_without_unknown_facts_allocates_nothing()
    {
        var snapshot = CompiledPolicies.Snapshot;
        var encounters = new List<EncounterRequest>();
        var cooperation = new List<CooperationRequest>();
        foreach (var jurisdiction in snapshot.JurisdictionIds)
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

            for (var request = 1; request <= 6; request++)
            {
                cooperation.Add(new CooperationRequest { Jurisdiction = jurisdiction, Request = (Request)request, Agency = Agency.Ice, Basis = { Fact.CriminalWarrant } });
                cooperation.Add(new CooperationRequest { Jurisdiction = jurisdiction, Request = (Request)request, Agency = Agency.Cbp, Basis = { Fact.CrimeInProgress, Fact.SupervisorApproval } });
            }
        }

        var served = CompiledPolicies.Served;
        var buffer = new byte[16 * 1024];
        var decisionId = "0191d3c2-7a4e-7c3b-9a1f-3f2b6c8d9e01".ToCharArray();
        long sink = 0;

        void Run()
        {
            foreach (var request in encounters)
            {
                _ = RequestReader.ReadEncounter(request, Now, out var query);
                var decision = snapshot.CheckEncounter(query);
                sink += DecisionWriter.Write(served.Encoding, decision, decisionId, request.IncidentId, buffer);
            }

            foreach (var request in cooperation)
            {
                // The handler's own path: reader, engine, new decision id, reply size and bytes.
                _ = served.CheckCooperationRequest(request, Now, out var reply);
                sink += reply.GetSize() + reply.Write(buffer);
            }
        }

        for (var i = 0; i < 200; i++)
        {
            Run(); // warm up: JIT tiers, statics
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 200; i++)
        {
            Run();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(sink > 0);
        Assert.Equal(0, allocated);
    }
}
