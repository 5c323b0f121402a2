using System.Net;
using System.Net.Sockets;

namespace ComplianceService.LoadTest.UnitTests;

[Collection(ServerCollection.Name)]
public sealed class GrpcHttp2TargetTests
{
    [Fact]
    public async Task OkCallsReadTheStatusFromTheTrailersAndSendWellFormedGrpc()
    {
        await using var server = await StubGrpcServer.StartAsync();
        var mix = RequestMix.Create(MixKind.Mixed, seed: 1, size: 200);
        using var target = new GrpcHttp2Target(server.Address, mix, new LoadTargetSettings { Connections = 3 });

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => target.CallAsync(i, CancellationToken.None).AsTask()));

        Assert.All(outcomes, o => Assert.True(o.IsOk));
        Assert.Equal(60, server.Requests);
        Assert.Equal(0, server.Malformed);
        Assert.Equal(3, server.Connections);
        var expectedPaths = Enumerable.Range(0, 60).GroupBy(i => mix[i].MethodPath).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expectedPaths.OrderBy(p => p.Key), server.Paths.OrderBy(p => p.Key));
        Assert.Empty(server.TimeoutHeaders);
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(13, false)]
    [InlineData(0, true)]
    public async Task TheStatusIsReadFromTrailersOnlyResponsesAndFromTrailers(int status, bool trailersOnly)
    {
        await using var server = await StubGrpcServer.StartAsync(new StubBehaviour { GrpcStatus = status, TrailersOnly = trailersOnly });
        using var target = new GrpcHttp2Target(server.Address, RequestMix.Health(), new LoadTargetSettings());

        var outcome = await target.CallAsync(0, CancellationToken.None);

        Assert.Equal(status, outcome.StatusCode);
    }

    [Theory]
    [InlineData(404, GrpcStatus.Unimplemented)]
    [InlineData(503, GrpcStatus.Unavailable)]
    [InlineData(500, GrpcStatus.Unknown)]
    public async Task NonOkHttpStatusesMapToGrpcStatuses(int httpStatus, int expected)
    {
        await using var server = await StubGrpcServer.StartAsync(new StubBehaviour { HttpStatus = httpStatus });
        using var target = new GrpcHttp2Target(server.Address, RequestMix.Health(), new LoadTargetSettings());

        var outcome = await target.CallAsync(0, CancellationToken.None);

        Assert.Equal(expected, outcome.StatusCode);
    }

    [Fact]
    public async Task AMissedDeadlineIsDeadlineExceededAndTheTimeoutIsSent()
    {
        await using var server = await StubGrpcServer.StartAsync(new StubBehaviour { Delay = TimeSpan.FromSeconds(5) });
        using var target = new GrpcHttp2Target(server.Address, RequestMix.Health(), new LoadTargetSettings { Deadline = TimeSpan.FromMilliseconds(100) });

        var outcome = await target.CallAsync(0, CancellationToken.None);

        Assert.Equal(GrpcStatus.DeadlineExceeded, outcome.StatusCode);
        Assert.Equal(["100m"], server.TimeoutHeaders);
    }

    [Fact]
    public async Task ARefusedConnectionIsUnavailable()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var target = new GrpcHttp2Target(new Uri($"http://127.0.0.1:{port}"), RequestMix.Health(), new LoadTargetSettings());

        var outcome = await target.CallAsync(0, CancellationToken.None);

        Assert.Equal(GrpcStatus.Unavailable, outcome.StatusCode);
    }
}
