using ComplianceService.Contracts.V1;
using Action = ComplianceService.Contracts.V1.Action;
using ComplianceService.Testing.Hosting;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// AdviseEncounter is the terminal's card of every action for one encounter: over the wire, its
/// decision for each action must be the very decision CheckEncounter gives for that action
/// (everything but the decision id), for generated encounters over every jurisdiction.
/// </summary>
public sealed class AdviseMatchesCheckTests(ComplianceServerFactory server) : IClassFixture<ComplianceServerFactory>, IDisposable
{
    private const int Seed = 20250601;
    private const int RequestCount = 300;

    private static readonly Action[] Actions = [.. System.Enum.GetValues<Action>().Where(a => a != Action.Unspecified).Order()];

    private readonly GrpcChannel _channel = server.CreateChannel();
    private readonly ErrorLogCheck _errors = server.ExpectNoErrors();

    public void Dispose()
    {
        _channel.Dispose();
        _errors.Dispose();
    }

    [Fact]
    public async Task AdvisedDecisionOfEachActionEqualsCheckEncounterForGeneratedEncounters()
    {
        var client = new ComplianceGrpc.ComplianceServiceClient(_channel);
        var listing = await client.ListJurisdictionsAsync(new ListJurisdictionsRequest());
        var generator = new EncounterGenerator(new Random(Seed), listing);
        var compared = 0;
        var visaWithoutCrime = 0;

        for (var i = 0; i < RequestCount; i++)
        {
            var request = generator.Next($"advise-{i}");
            var what = $"request {i} (seed {Seed}): {request}";

            var advice = await client.AdviseEncounterAsync(request);

            Assert.Equal(listing.PolicyRevision, advice.PolicyRevision);
            Assert.Equal(Actions, advice.Decisions.Select(d => d.Action));
            Assert.Equal(Actions.Length, advice.Decisions.Select(d => d.DecisionId).Distinct(StringComparer.Ordinal).Count());
            foreach (var advised in advice.Decisions)
            {
                var single = new EncounterRequest(request) { Action = advised.Action };
                if (advised.Action == Action.CertifyVisa && request.Crime == Crime.Unspecified)
                {
                    // CheckEncounter refuses CERTIFY_VISA without a crime; the card still shows the
                    // action, with no visa class (it cannot know one).
                    var refused = await Assert.ThrowsAsync<RpcException>(() => client.CheckEncounterAsync(single).ResponseAsync);
                    Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
                    Assert.StartsWith("crime: ", refused.Status.Detail, StringComparison.Ordinal);
                    Assert.Equal(Visa.Unspecified, advised.Visa);
                    DecisionInvariants.AssertWellFormed(advised, listing.PolicyRevision, request.IncidentId, what);
                    visaWithoutCrime++;
                    continue;
                }

                var checkedDecision = await client.CheckEncounterAsync(single);

                DecisionInvariants.AssertWellFormed(advised, listing.PolicyRevision, request.IncidentId, what);
                Assert.NotEqual(checkedDecision.DecisionId, advised.DecisionId);
                var expected = new Decision(checkedDecision) { DecisionId = "" };
                var actual = new Decision(advised) { DecisionId = "" };
                Assert.True(expected.Equals(actual), $"{what}, action {advised.Action}:\n check:  {expected}\n advise: {actual}");
                compared++;
            }
        }

        // The generator reached what the comparison is about.
        Assert.True(compared >= RequestCount * (Actions.Length - 1), $"only {compared} decisions compared");
        Assert.True(visaWithoutCrime > 0, "no request without a crime was generated");
    }
}
