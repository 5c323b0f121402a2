using ComplianceService.Contracts.V1;
using Grpc.Health.V1;
using Action = ComplianceService.Contracts.V1.Action;
using ComplianceService.Testing.Hosting;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// A server that has no policy to answer from (Redis unreachable, no last good snapshot): it
/// says so in health and answers UNAVAILABLE, never a guess.
/// </summary>
public sealed class NoPolicyTests(NoPolicyFixture server) : IClassFixture<NoPolicyFixture>, IDisposable
{
    private readonly GrpcChannel _channel = server.CreateChannel();
    private readonly ErrorLogCheck _errors = server.ExpectNoErrors();

    public void Dispose()
    {
        _channel.Dispose();
        _errors.Dispose();
    }

    [Fact]
    public async Task HealthIsNotServingForTheServerAndTheComplianceService()
    {
        var health = new Health.HealthClient(_channel);

        Assert.False(File.Exists(server.SnapshotPath));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest { Service = "" })).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest { Service = ComplianceGrpc.Descriptor.FullName })).Status);
    }

    [Fact]
    public async Task EveryDecidingMethodAnswersUnavailable()
    {
        var client = new ComplianceGrpc.ComplianceServiceClient(_channel);
        var encounter = new EncounterRequest
        {
            Jurisdiction = "us-ks-roeland-park",
            Action = Action.InquireStatus,
            Contact = Contact.TrafficStop,
            Role = Role.Suspect,
        };

        var check = await Assert.ThrowsAsync<RpcException>(() => client.CheckEncounterAsync(encounter).ResponseAsync);
        var cooperation = await Assert.ThrowsAsync<RpcException>(() => client.CheckCooperationRequestAsync(
            new CooperationRequest { Jurisdiction = "us-ks-roeland-park", Request = Request.Detainer, Agency = Agency.Ice }).ResponseAsync);
        var advise = await Assert.ThrowsAsync<RpcException>(() => client.AdviseEncounterAsync(new EncounterRequest(encounter) { Action = Action.Unspecified }).ResponseAsync);
        var list = await Assert.ThrowsAsync<RpcException>(() => client.ListJurisdictionsAsync(new ListJurisdictionsRequest()).ResponseAsync);

        foreach (var exception in new[] { check, cooperation, advise, list })
        {
            Assert.Equal(StatusCode.Unavailable, exception.StatusCode);
            Assert.Contains("policy", exception.Status.Detail, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task WatchPolicyAnnouncesNoRevisionWhileThereIsNone()
    {
        var client = new ComplianceGrpc.ComplianceServiceClient(_channel);
        var revisions = new List<PolicyRevision>();

        var exception = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var watch = client.WatchPolicy(new WatchPolicyRequest(), deadline: DateTime.UtcNow.AddMilliseconds(500));
            await foreach (var revision in watch.ResponseStream.ReadAllAsync())
            {
                revisions.Add(revision);
            }
        });

        Assert.Equal(StatusCode.DeadlineExceeded, exception.StatusCode);
        Assert.Empty(revisions);
    }

    [Fact]
    public async Task RestAnswers503WithAJsonUnavailableStatus()
    {
        using var http = new HttpClient { BaseAddress = server.HttpAddress };
        using var response = await http.PostAsync(
            new Uri("/v1/encounters:check", UriKind.Relative),
            new StringContent("""{"jurisdiction":"us","action":"ACTION_DETAIN_OR_ARREST","contact":"CONTACT_TRAFFIC_STOP","role":"ROLE_SUSPECT"}""", System.Text.Encoding.UTF8, "application/json"));
        var status = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(response.Content);

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal((int)StatusCode.Unavailable, status.GetProperty("code").GetInt32());
    }
}
