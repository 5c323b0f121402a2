using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Analysis;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Engine.UnitTests;

/// <summary>Where NOT_ADDRESSED falls (<see cref="PolicyCoverage"/>), checked against the policy files by hand.</summary>
public sealed class PolicyCoverageTests
{
    private const long EncounterRequests = 2_097_152L * 5 * 5 * 8;

    [Fact]
    public void Overland_Park_status_questions_are_unaddressed_until_its_statement_except_where_Rodriguez_prohibits()
    {
        var regions = PolicyCoverage.NotAddressed(CompiledPolicies.Snapshot, Jurisdictions.OverlandPark)
            .Where(r => r.Condition.Action == Action.InquireStatus)
            .ToList();

        // Before Rodriguez (2015-04-21) nothing speaks to INQUIRE_STATUS; from the OPPD statement (2017-02-25) on it decides
        // every request. In between, Rodriguez prohibits an extending stop without suspicion and (pertinence or unknown
        // identity): 2/5 contacts x 1/2 x 5/8 of the facts; the rest is unaddressed.
        var early = Assert.Single(regions, r => r.Until == new DateOnly(2015, 4, 21));
        Assert.Null(early.From);
        Assert.Equal(EncounterRequests, early.Requests);
        var between = regions.Where(r => r.From == new DateOnly(2015, 4, 21)).ToList();
        Assert.All(between, r => Assert.Equal(new DateOnly(2017, 2, 25), r.Until));
        Assert.Equal(EncounterRequests - (EncounterRequests * 2 / 5 / 2 * 5 / 8), between.Sum(r => r.Requests));
        Assert.Equal(regions.Count, between.Count + 1);
    }

    [Fact]
    public void Bozeman_leaves_stops_for_status_unaddressed_and_decides_every_status_question()
    {
        var regions = PolicyCoverage.NotAddressed(CompiledPolicies.Snapshot, Jurisdictions.Bozeman);

        var stop = Assert.Single(regions, r => r.Condition.Action == Action.StopForStatus);
        Assert.Equal(("any request", (DateOnly?)null, (DateOnly?)null, EncounterRequests), (stop.Condition.ToString(), stop.From, stop.Until, stop.Requests));
        Assert.DoesNotContain(regions, r => r.Condition.Action == Action.InquireStatus);
        Assert.Throws<ArgumentException>(() => PolicyCoverage.NotAddressed(CompiledPolicies.Snapshot, "us-nowhere"));
    }
}
