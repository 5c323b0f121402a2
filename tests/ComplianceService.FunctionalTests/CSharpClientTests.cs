using ComplianceService.Client;
using ComplianceService.Contracts.V1;
using ComplianceService.FunctionalTests.Echo;
using ComplianceService.Grpc.Protocol;
using Grpc.Health.V1;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.FunctionalTests;

/// <summary>Our C# client (HttpClient HTTP/2) against the real server: statuses, deadlines, metadata.</summary>
public sealed class CSharpClientTests(ServerFixture server) : IClassFixture<ServerFixture>, IDisposable
{
    private const string EchoUnary = "/testing.v1.Echo/Unary";
    private const string EchoServerStream = "/testing.v1.Echo/ServerStream";

    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(server.Address);

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task EveryComplianceMethodAnswersFromTheLoadedPolicyAndAnUnknownMethodIsUnimplemented()
    {
        var client = new ComplianceClient(_channel);
        var encounter = new EncounterRequest
        {
            Jurisdiction = "us-ks-roeland-park",
            Action = Action.InquireStatus,
            Contact = Contact.TrafficStop,
            Role = Role.Suspect,
        };

        var list = await client.ListJurisdictionsAsync();
        var check = await client.CheckEncounterAsync(encounter);
        var cooperation = await client.CheckCooperationRequestAsync(
            new CooperationRequest { Jurisdiction = "us-ks-roeland-park", Request = Request.EnforcementAssistance, Agency = Agency.Ice });
        var advice = await client.AdviseEncounterAsync(new EncounterRequest(encounter) { Action = Action.Unspecified });
        PolicyRevision? first = null;
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await foreach (var revision in client.WatchPolicy(options: new CallOptions(cancellationToken: cts.Token)))
            {
                first = revision;
                break;
            }
        }

        Assert.NotEmpty(list.PolicyRevision);
        Assert.NotEmpty(list.Jurisdictions);
        Assert.NotEqual(Outcome.Unspecified, check.Outcome);
        Assert.Equal(Action.InquireStatus, check.Action);
        Assert.NotEqual(Outcome.Unspecified, cooperation.Outcome);
        Assert.Equal(Request.EnforcementAssistance, cooperation.Request);
        Assert.Equal(Enum.GetValues<Action>().Length - 1, advice.Decisions.Count);
        Assert.All(
            new[] { check.PolicyRevision, cooperation.PolicyRevision, advice.PolicyRevision, first?.Revision },
            revision => Assert.Equal(list.PolicyRevision, revision));

        // Still UNIMPLEMENTED: a method the service does not have.
        var unknown = await Assert.ThrowsAsync<RpcException>(() => _channel.UnaryAsync(
            "/compliance.v1.ComplianceService/NoSuchMethod", encounter, ProtobufMarshaller<EncounterRequest>.Default, ProtobufMarshaller<Decision>.Default));
        Assert.Equal(StatusCode.Unimplemented, unknown.StatusCode);

        // A request the engine refuses is refused by the engine (not by a stub).
        var unset = await Assert.ThrowsAsync<RpcException>(() => client.CheckEncounterAsync(new EncounterRequest(encounter) { Action = Action.Unspecified }));
        Assert.Equal(StatusCode.InvalidArgument, unset.StatusCode);
        Assert.StartsWith("action: ", unset.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthReportsServerAndComplianceServingOnceThePolicyIsLoadedAndUnknownNotFound()
    {
        var client = new ComplianceClient(_channel);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await client.CheckHealthAsync(""));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await client.CheckHealthAsync());
        var unknown = await Assert.ThrowsAsync<RpcException>(() => client.CheckHealthAsync("no.such.Service"));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task DeadlineThatExpiresSurfacesDeadlineExceeded()
    {
        var options = new CallOptions().WithTimeout(TimeSpan.FromMilliseconds(300));

        var exception = await Assert.ThrowsAsync<RpcException>(() => Echo(new EchoRequest { Message = "slow", SleepMs = 10_000 }, options));

        Assert.Equal(StatusCode.DeadlineExceeded, exception.StatusCode);
    }

    [Fact]
    public async Task DeadlineIsSentAsGrpcTimeout()
    {
        var response = await Echo(new EchoRequest { Message = "fast" }, new CallOptions().WithTimeout(TimeSpan.FromSeconds(30)));

        Assert.True(response.HasDeadline);
    }

    [Fact]
    public async Task CancellationTokenCancelsTheCall()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var exception = await Assert.ThrowsAsync<RpcException>(() =>
            Echo(new EchoRequest { Message = "slow", SleepMs = 10_000 }, new CallOptions(cancellationToken: cts.Token)));

        Assert.Equal(StatusCode.Cancelled, exception.StatusCode);
    }

    [Fact]
    public async Task MetadataRoundTripsThroughHeadersAndTrailers()
    {
        byte[] blob = [0, 1, 2, 254, 255];
        var headers = new Metadata().Add("x-trace-id", "abc-123").Add("x-blob-bin", blob);

        var result = await _channel.UnaryCallAsync(
            EchoUnary, new EchoRequest { Message = "md" }, ProtobufMarshaller<EchoRequest>.Default, ProtobufMarshaller<EchoResponse>.Default, new CallOptions(headers));

        Assert.Equal("md", result.Response.Message);
        Assert.Equal("abc-123", result.ResponseHeaders.GetValue("x-trace-id"));
        Assert.Equal(blob, result.ResponseHeaders.GetValueBytes("x-blob-bin"));
        Assert.Equal("abc-123", result.Trailers.GetValue("x-trace-id"));
        Assert.Equal(blob, result.Trailers.GetValueBytes("x-blob-bin"));
    }

    [Fact]
    public async Task StatusDetailAndCodeFromTheHandlerReachTheCaller()
    {
        var exception = await Assert.ThrowsAsync<RpcException>(() =>
            Echo(new EchoRequest { FailCode = (int)StatusCode.InvalidArgument, FailMessage = "field 'jurisdiction' é 100%" }, default));

        Assert.Equal(StatusCode.InvalidArgument, exception.StatusCode);
        Assert.Equal("field 'jurisdiction' é 100%", exception.Detail);
    }

    [Fact]
    public async Task ServerStreamingYieldsEachMessageThenEndsCleanly()
    {
        var indexes = new List<int>();
        await foreach (var response in _channel.ServerStreaming(
            EchoServerStream, new EchoRequest { Message = "s", Count = 4 }, ProtobufMarshaller<EchoRequest>.Default, ProtobufMarshaller<EchoResponse>.Default))
        {
            indexes.Add(response.Index);
        }

        Assert.Equal([0, 1, 2, 3], indexes);
    }

    [Fact]
    public async Task ServerStreamingSurfacesTheFinalErrorStatus()
    {
        var received = 0;
        var exception = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in _channel.ServerStreaming(
                EchoServerStream,
                new EchoRequest { Count = 2, FailCode = (int)StatusCode.Aborted, FailMessage = "stopped" },
                ProtobufMarshaller<EchoRequest>.Default,
                ProtobufMarshaller<EchoResponse>.Default))
            {
                received++;
            }
        });

        Assert.Equal(2, received);
        Assert.Equal(StatusCode.Aborted, exception.StatusCode);
        Assert.Equal("stopped", exception.Detail);
    }

    [Fact]
    public async Task GzipRequestsAreAcceptedByTheServer()
    {
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { CompressRequests = true });

        var response = await channel.UnaryAsync(
            EchoUnary,
            new EchoRequest { Message = "zipped", Payload = Google.Protobuf.ByteString.CopyFrom(new byte[50_000]) },
            ProtobufMarshaller<EchoRequest>.Default,
            ProtobufMarshaller<EchoResponse>.Default);

        Assert.Equal("zipped", response.Message);
        Assert.Equal(50_000, response.PayloadLength);
        Assert.Equal("gzip", response.RequestEncoding);
    }

    [Fact]
    public async Task UnreachableServerIsUnavailable()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");

        var exception = await Assert.ThrowsAsync<RpcException>(() => new ComplianceClient(channel).CheckHealthAsync(""));

        Assert.Equal(StatusCode.Unavailable, exception.StatusCode);
    }

    private Task<EchoResponse> Echo(EchoRequest request, CallOptions options) =>
        _channel.UnaryAsync(EchoUnary, request, ProtobufMarshaller<EchoRequest>.Default, ProtobufMarshaller<EchoResponse>.Default, options);
}
