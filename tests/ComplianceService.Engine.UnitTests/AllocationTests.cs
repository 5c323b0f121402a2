using ComplianceService.Contracts.V1;
using ComplianceService.Testing;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Engine.UnitTests;

/// <summary>The engine's common path (no unknown facts, no what-if) allocates nothing: table
/// lookup from a query and Advise into a caller's span, version 2's facts included (reading the
/// request and writing the reply are the adapter's, measured in its own tests). An allocation
/// count, not a timing. Asking for what-if may allocate (the list is per call); it is outside the
/// measured path.</summary>
public sealed class AllocationTests
{
    private static readonly DateTime Now = RequestGenerator.Now;

    [Fact]
    public void Deciding_queries_without_unknown_facts_allocates_nothing()
    {
        var snapshot = CompiledPolicies.Snapshot;
        var encounters = CommonPathRequests.Encounters(snapshot.JurisdictionIds);
        var cooperation = CommonPathRequests.Cooperation(snapshot.JurisdictionIds);

        _ = Wire.RequestReader.ReadAdvice(
            new EncounterRequest { Jurisdiction = "us-mo-st-joseph", Contact = Contact.Booking, Role = Role.Arrestee, Facts = { Fact.StatusInQuestion, Fact.ForeignNational, Fact.MandatoryNotificationCountry } },
            Now,
            out var advise);
        var encounterQueries = encounters.Select(r => SnapshotChecks.EncounterQuery(r, Now)).ToArray();
        var cooperationQueries = cooperation.Select(r => SnapshotChecks.CooperationQuery(r, Now)).ToArray();
        var advice = new EngineDecision[9];
        long sink = 0;

        void Run()
        {
            foreach (var query in encounterQueries)
            {
                sink += (int)snapshot.CheckEncounter(query).Outcome;
            }

            foreach (var query in cooperationQueries)
            {
                sink += snapshot.CheckCooperationRequest(query).Template.Obligations.Length + 1;
            }

            sink += snapshot.AdviseEncounter(advise, advice) ? 1 : 0;
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
