using ComplianceService.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.FunctionalTests;

/// <summary>A server whose clock is a <see cref="FakeTimeProvider"/> set to a fixed instant.</summary>
public sealed class FixedClockServerFactory : ComplianceServerFactory
{
    public static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        base.ConfigureTestServices(services);
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
    }
}

/// <summary>
/// "The future" of DOMAIN.md's as_of bound is the server's own clock (the host's <see cref="TimeProvider"/>), not
/// the caller's: up to a day ahead of it is accepted, more is refused naming as_of.
/// </summary>
public sealed class ServerClockTests(FixedClockServerFactory server) : IClassFixture<FixedClockServerFactory>
{
    [Theory]
    [InlineData(23, true)]
    [InlineData(25, false)]
    public async Task AsOfIsBoundedByTheServersClock(int hoursAhead, bool accepted)
    {
        using var channel = server.CreateChannel();
        var client = new ComplianceGrpc.ComplianceServiceClient(channel);
        var request = new EncounterRequest
        {
            Jurisdiction = "us-ks-roeland-park",
            Action = Action.InquireStatus,
            Contact = Contact.TrafficStop,
            Role = Role.Suspect,
            AsOf = Timestamp.FromDateTimeOffset(FixedClockServerFactory.Now.AddHours(hoursAhead)),
        };

        if (accepted)
        {
            Assert.NotEqual(Outcome.Unspecified, (await client.CheckEncounterAsync(request)).Outcome);
        }
        else
        {
            var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.CheckEncounterAsync(request));
            Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
            Assert.StartsWith("as_of: ", refused.Status.Detail, StringComparison.Ordinal);
        }
    }
}
