using ComplianceService.Contracts.V1;
using ComplianceService.Policy;
using Google.Protobuf.WellKnownTypes;
using ComplianceService.Testing.Hosting;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// The discovery methods over the wire: ListJurisdictions lists what the policy files say (read
/// by the test itself), WatchPolicy yields the active revision first and then each activation.
/// </summary>
public sealed class DiscoveryTests(ComplianceServerFactory server) : IClassFixture<ComplianceServerFactory>, IDisposable
{
    private readonly GrpcChannel _channel = server.CreateChannel();
    private readonly ErrorLogCheck _errors = server.ExpectNoErrors();

    public void Dispose()
    {
        _channel.Dispose();
        _errors.Dispose();
    }

    [Fact]
    public async Task ListJurisdictionsListsEveryPolicyFileWithTheSourcesOfItsChain()
    {
        var files = PolicyFileListing.Read().ToDictionary(j => j.Id, StringComparer.Ordinal);

        var listing = await new ComplianceGrpc.ComplianceServiceClient(_channel).ListJurisdictionsAsync(new ListJurisdictionsRequest());

        Assert.Equal(server.ActivePolicy.Snapshot!.Revision, listing.PolicyRevision);
        Assert.Equal(11, files.Count);
        Assert.Equal(files.Keys.Order(StringComparer.Ordinal), listing.Jurisdictions.Select(j => j.Id).Order(StringComparer.Ordinal));
        foreach (var listed in listing.Jurisdictions)
        {
            var file = files[listed.Id];
            Assert.Equal(file.Name, listed.Name);
            Assert.Equal(file.Parent, listed.Parent);

            // The sources of this jurisdiction and of every one above it, as the files write them.
            var chain = new List<Source>();
            for (var id = listed.Id; id.Length > 0; id = files[id].Parent)
            {
                chain.AddRange(files[id].Sources);
            }

            Assert.Equal(
                chain.Select(s => s.ToString()).Order(StringComparer.Ordinal),
                listed.Sources.Select(s => s.ToString()).Order(StringComparer.Ordinal));

            // Strongest authority first (FEDERAL_LAW = 1 ... PUBLIC_STATEMENT = 5).
            var ranks = listed.Sources.Select(s => (int)s.Authority).ToList();
            Assert.True(ranks.SequenceEqual(ranks.Order()), $"{listed.Id}: sources not strongest first: {string.Join(", ", listed.Sources.Select(s => s.Id))}");
        }

        // Every jurisdiction is reachable from "us", the root.
        Assert.Equal("", files["us"].Parent);
        Assert.All(listing.Jurisdictions, j => Assert.Contains(j.Sources, s => s.Jurisdiction == "us"));
    }

    [Fact]
    public async Task ListJurisdictionsTellsWhichInputsCanChangeEachAnswer()
    {
        var listing = await new ComplianceGrpc.ComplianceServiceClient(_channel).ListJurisdictionsAsync(new ListJurisdictionsRequest());

        // Every action, then every request, for every jurisdiction.
        Assert.All(listing.Jurisdictions, j => Assert.Equal(9 + 6, j.RelevantInputs.Count));

        // Roeland Park INQUIRE_STATUS (RPPD directive III.b, Rodriguez): pertinence, suspicion, extending a stop; nothing else.
        var inquire = listing.Jurisdictions.Single(j => j.Id == "us-ks-roeland-park").RelevantInputs.Single(r => r.Action == Action.InquireStatus);
        Assert.Equal<Fact>([Fact.StatusPertinent, Fact.ReasonableSuspicion, Fact.WouldExtendContact], inquire.Facts);
        Assert.Equal<Contact>([Contact.TrafficStop, Contact.PedestrianStop], inquire.Contacts);
        Assert.Empty(inquire.Roles);
        Assert.Empty(inquire.Crimes);

        // Bozeman: nothing decides an arrest, but VCCR art. 36's duties attach to a foreign national.
        var arrest = listing.Jurisdictions.Single(j => j.Id == "us-mt-bozeman").RelevantInputs.Single(r => r.Action == Action.DetainOrArrest);
        Assert.Equal<Fact>([Fact.ForeignNational, Fact.ConsularNotificationRequested, Fact.MandatoryNotificationCountry], arrest.Facts);
    }

    [Fact]
    public async Task WatchPolicyYieldsTheEmbeddedRevisionFirstThenEachActivation()
    {
        var client = new ComplianceGrpc.ComplianceServiceClient(_channel);
        var listing = await client.ListJurisdictionsAsync(new ListJurisdictionsRequest());
        var active = server.ActivePolicy;
        var seen = new List<PolicyRevision>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var watch = client.WatchPolicy(new WatchPolicyRequest(), cancellationToken: cts.Token);
        await foreach (var revision in watch.ResponseStream.ReadAllAsync(cts.Token))
        {
            seen.Add(revision);
            if (seen.Count == 1)
            {
                // A second activation (the same snapshot, re-activated in-process) reaches the watcher.
                active.Activate(active.Snapshot!, new PolicyRevision
                {
                    Revision = listing.PolicyRevision,
                    ActivatedAt = Timestamp.FromDateTime(DateTime.UtcNow),
                    ActivatedBy = "functional-test",
                    PreviousRevision = listing.PolicyRevision,
                });
            }
            else
            {
                break;
            }
        }

        Assert.Equal(2, seen.Count);
        var first = seen[0];
        Assert.Equal(listing.PolicyRevision, first.Revision);
        Assert.Equal(EmbeddedPolicySource.ActivatedBy, first.ActivatedBy);
        Assert.Equal("embedded", first.ActivatedBy);
        Assert.Equal("", first.PreviousRevision);
        Assert.NotNull(first.ActivatedAt);
        Assert.InRange(first.ActivatedAt.ToDateTime(), DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddMinutes(1));
        Assert.Equal("functional-test", seen[1].ActivatedBy);
        Assert.Equal(listing.PolicyRevision, seen[1].PreviousRevision);
    }

    [Fact]
    public async Task EveryDecisionNamesTheRevisionWatchPolicyAnnounced()
    {
        var client = new ComplianceGrpc.ComplianceServiceClient(_channel);
        string? announced = null;
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            using var watch = client.WatchPolicy(new WatchPolicyRequest(), cancellationToken: cts.Token);
            await foreach (var revision in watch.ResponseStream.ReadAllAsync(cts.Token))
            {
                announced = revision.Revision;
                break;
            }
        }

        var decision = await client.CheckCooperationRequestAsync(
            new CooperationRequest { Jurisdiction = "us-mo-st-joseph", Request = Request.StatusInformation, Agency = Agency.Ice });

        Assert.Matches("^[0-9a-f]{64}$", announced);
        Assert.Equal(announced, decision.PolicyRevision);
    }
}
