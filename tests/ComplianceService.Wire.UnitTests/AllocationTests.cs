using ComplianceService.Contracts.V1;
using ComplianceService.Engine;
using ComplianceService.Testing;

namespace ComplianceService.Wire.UnitTests;

/// <summary>The engine path of the server's common call (no unknown facts, no what-if) allocates nothing:
/// reading the request into a query and the engine's lookup, version 2's facts included. (The reply is a
/// generated message, which allocates by nature.) An allocation count, not a timing.</summary>
public sealed class AllocationTests
{
    private static readonly DateTime Now = RequestGenerator.Now;

    [Fact]
    public void Reading_and_deciding_without_unknown_facts_allocates_nothing()
    {
        var snapshot = CompiledPolicies.Snapshot;
        var encounters = CommonPathRequests.Encounters(snapshot.JurisdictionIds);
        var cooperation = CommonPathRequests.Cooperation(snapshot.JurisdictionIds);
        long sink = 0;

        void Run()
        {
            foreach (var request in encounters)
            {
                Assert.Null(RequestReader.ReadEncounter(request, Now, out var query));
                var decision = snapshot.CheckEncounter(query);
                sink += (int)decision.Outcome + decision.Template.Index;
            }

            foreach (var request in cooperation)
            {
                Assert.Null(RequestReader.ReadCooperation(request, Now, out var query));
                var decision = snapshot.CheckCooperationRequest(query);
                sink += (int)decision.Outcome + decision.Template.Index;
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
