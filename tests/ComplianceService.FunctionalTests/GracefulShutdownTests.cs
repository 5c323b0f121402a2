using ComplianceService.Client;
using ComplianceService.FunctionalTests.Echo;
using ComplianceService.Grpc.Protocol;
using ComplianceService.Grpc.Server;
using Grpc.Health.V1;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// Stopping the server (what SIGTERM does through the ASP.NET host) lets calls in flight finish
/// with their answer, while health turns NOT_SERVING at once so balancers drain it.
/// </summary>
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task ACallInFlightWhenTheServerStopsStillGetsItsAnswer()
    {
        var server = new ServerFixture();
        await server.InitializeAsync();
        using var channel = GrpcChannel.ForAddress(server.Address);
        var client = new ComplianceClient(channel);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await client.CheckHealthAsync());

        var inFlight = channel.UnaryAsync(
            "/testing.v1.Echo/Unary",
            new EchoRequest { Message = "finish me", SleepMs = 1500 },
            ProtobufMarshaller<EchoRequest>.Default,
            ProtobufMarshaller<EchoResponse>.Default,
            new CallOptions().WithTimeout(TimeSpan.FromSeconds(30)));
        await WaitUntilAsync(() => server.Echo.CallsStarted > 0);

        var stopping = server.DisposeAsync();
        var health = server.Health;
        await WaitUntilAsync(() => health.TryGetStatus(string.Empty, out var status) && status == ServingStatus.NotServing);

        var response = await inFlight;
        Assert.Equal("finish me", response.Message);
        await stopping;

        // Stopped: a new call finds nobody listening.
        var after = await Assert.ThrowsAsync<RpcException>(() => client.CheckHealthAsync());
        Assert.Equal(StatusCode.Unavailable, after.StatusCode);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
