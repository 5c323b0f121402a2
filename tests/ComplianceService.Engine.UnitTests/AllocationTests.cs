using ComplianceService.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Engine.UnitTests;

/// <summary>The common path (no unknown facts, no what-if) allocates nothing: validation, table
/// lookup, Advise into a caller's span, and writing the response bytes, version 2's facts
/// included. An allocation count, not a timing. Asking for what-if may allocate (the list is
/// per call); it is outside the measured path.</summary>
public sealed class AllocationTests
{
    private static readonly DateTime Now = RequestGenerator.Now;

    [Fact]
    public void Deciding_and_writing_without_unknown_facts_allocates_nothing()
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

        var advise = new EncounterRequest { Jurisdiction = "us-mo-st-joseph", Contact = Contact.Booking, Role = Role.Arrestee, Facts = { Fact.StatusInQuestion, Fact.ForeignNational, Fact.MandatoryNotificationCountry } };
        var advice = new EngineDecision[9];
        var buffer = new byte[16 * 1024];
        var decisionId = "0191d3c2-7a4e-7c3b-9a1f-3f2b6c8d9e01".ToCharArray();
        long sink = 0;

        void Run()
        {
            foreach (var request in encounters)
            {
                var decision = snapshot.CheckEncounter(request, Now);
                sink += DecisionWriter.Write(decision, decisionId, request.IncidentId, buffer);
            }

            foreach (var request in cooperation)
            {
                var decision = snapshot.CheckCooperationRequest(request, Now);
                sink += DecisionWriter.GetSize(decision, decisionId, request.IncidentId);
            }

            sink += snapshot.AdviseEncounter(advise, Now, advice) is null ? 1 : 0;
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

    [Fact]
    public void A_plain_check_with_the_new_facts_allocates_nothing_and_what_if_is_extra()
    {
        var snapshot = CompiledPolicies.Snapshot;
        var plain = new EncounterRequest
        {
            Jurisdiction = "us-mo-st-joseph",
            Action = Action.DetainOrArrest,
            Contact = Contact.PedestrianStop,
            Role = Role.Suspect,
            Facts = { Fact.StatusInQuestion, Fact.ForeignNational, Fact.ConsularNotificationRequested },
        };
        var withWhatIf = plain.Clone();
        withWhatIf.IncludeWhatIf = true;
        var outcome = Outcome.Unspecified;
        for (var i = 0; i < 1000; i++)
        {
            outcome = snapshot.CheckEncounter(plain, Now).Outcome; // warm up
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            outcome = snapshot.CheckEncounter(plain, Now).Outcome;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(Outcome.Prohibited, outcome);

        // The same request asking for what-if gets its list (and may allocate for it).
        var decision = snapshot.CheckEncounter(withWhatIf, Now);
        Assert.Empty(snapshot.CheckEncounter(plain, Now).WhatIf.ToArray());
        Assert.NotEmpty(decision.WhatIf.ToArray());
        Assert.Equal(outcome, decision.Outcome);
    }
}
