using ComplianceService.Contracts.V1;
using ComplianceService.Engine;
using ComplianceService.Policies;
using ComplianceService.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Health.V1;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// Health follows the active policy at once: a server with no revision reports NOT_SERVING, and a Watch caller hears
/// SERVING as soon as a revision is activated, not on the health publisher's next poll (which the test host puts an
/// hour away).
/// </summary>
public sealed class HealthPublicationTests(NoPolicyFixture server) : IClassFixture<NoPolicyFixture>
{
    [Fact]
    public async Task WatchHearsServingAtOnceWhenARevisionIsActivated()
    {
        using var channel = server.CreateChannel();
        var health = new Health.HealthClient(channel);
        using var compliance = health.Watch(new HealthCheckRequest { Service = ComplianceGrpc.Descriptor.FullName });
        using var overall = health.Watch(new HealthCheckRequest { Service = "" });
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, await NextAsync(compliance));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, await NextAsync(overall));

        var compilation = PolicyFolder.Compile(RepositoryPaths.Policies);
        server.ActivePolicy.Activate(
            PolicySnapshot.Load(compilation.Verified!),
            new PolicyRevision { Revision = compilation.Revision, ActivatedAt = Timestamp.FromDateTime(DateTime.UtcNow), ActivatedBy = "functional-test" });

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await NextAsync(compliance));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await NextAsync(overall));
        var decision = await new ComplianceGrpc.ComplianceServiceClient(channel).ListJurisdictionsAsync(new ListJurisdictionsRequest());
        Assert.Equal(compilation.Revision, decision.PolicyRevision);
    }

    private static async Task<HealthCheckResponse.Types.ServingStatus> NextAsync(AsyncServerStreamingCall<HealthCheckResponse> watch)
    {
        // Well within the hour to the next periodic publication: only an immediate publication arrives in time.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.True(await watch.ResponseStream.MoveNext(timeout.Token), "the watch ended");
        return watch.ResponseStream.Current.Status;
    }
}
