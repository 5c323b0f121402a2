using ComplianceService.Client;
using ComplianceService.Contracts.V1;
using ComplianceService.Grpc.Protocol;
using Grpc.Health.V1;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// A server that has no policy to answer from (Redis unreachable, no last good snapshot): it
/// says so in health and answers UNAVAILABLE, never a guess.
/// </summary>
public sealed class NoPolicyTests(NoPolicyFixture server) : IClassFixture<NoPolicyFixture>, IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(server.Address);

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task HealthIsNotServingForTheServerAndTheComplianceService()
    {
        var client = new ComplianceClient(_channel);

        Assert.False(File.Exists(server.SnapshotPath));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, await client.CheckHealthAsync(""));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, await client.CheckHealthAsync(ComplianceClient.ServiceName));
    }

    [Fact]
    public async Task EveryDecidingMethodAnswersUnavailable()
    {
        var client = new ComplianceClient(_channel);
        var encounter = new EncounterRequest
        {
            Jurisdiction = "us-ks-roeland-park",
            Action = Action.InquireStatus,
            Contact = Contact.TrafficStop,
            Role = Role.Suspect,
        };

        var check = await Assert.ThrowsAsync<RpcException>(() => client.CheckEncounterAsync(encounter));
        var cooperation = await Assert.ThrowsAsync<RpcException>(() => client.CheckCooperationRequestAsync(
            new CooperationRequest { Jurisdiction = "us-ks-roeland-park", Request = Request.Detainer, Agency = Agency.Ice }));
        var advise = await Assert.ThrowsAsync<RpcException>(() => client.AdviseEncounterAsync(new EncounterRequest(encounter) { Action = Action.Unspecified }));
        var list = await Assert.ThrowsAsync<RpcException>(() => client.ListJurisdictionsAsync());

        foreach (var exception in new[] { check, cooperation, advise, list })
        {
            Assert.Equal(StatusCode.Unavailable, exception.StatusCode);
            Assert.Contains("policy", exception.Detail, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task WatchPolicyAnnouncesNoRevisionWhileThereIsNone()
    {
        var client = new ComplianceClient(_channel);
        var revisions = new List<PolicyRevision>();

        var exception = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var revision in client.WatchPolicy(options: new CallOptions().WithTimeout(TimeSpan.FromMilliseconds(500))))
            {
                revisions.Add(revision);
            }
        });

        Assert.Equal(StatusCode.DeadlineExceeded, exception.StatusCode);
        Assert.Empty(revisions);
    }
}
