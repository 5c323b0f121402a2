using System.Net;
using System.Net.Sockets;
using ComplianceService.Client;
using Google.Protobuf;
using ComplianceService.Contracts.V1;
using ComplianceService.FunctionalTests.Echo;
using ComplianceService.Testing.Hosting;
using Grpc.Health.V1;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// Our C# client (the generated stubs on Grpc.Net.Client, registered by <c>AddComplianceClient</c>) against the real
/// server: every method, health, statuses, deadlines, cancellation, metadata, compression, retries.
/// </summary>
public sealed class CSharpClientTests(ComplianceServerFactory server) : IClassFixture<ComplianceServerFactory>, IDisposable
{
    private readonly GrpcChannel _channel = server.CreateChannel();
    private readonly ErrorLogCheck _errors = server.ExpectNoErrors();

    public void Dispose()
    {
        _channel.Dispose();
        _errors.Dispose();
    }

    [Fact]
    public async Task EveryComplianceMethodAnswersFromTheLoadedPolicyThroughTheRegisteredClient()
    {
        await using var provider = new ServiceCollection().AddComplianceClient(server.Address).Services.BuildServiceProvider();
        var client = provider.GetRequiredService<ComplianceGrpc.ComplianceServiceClient>();
        var encounter = new EncounterRequest
        {
            Jurisdiction = "us-ks-roeland-park",
            Action = Action.InquireStatus,
            Contact = Contact.TrafficStop,
            Role = Role.Suspect,
        };

        var list = await client.ListJurisdictionsAsync(new ListJurisdictionsRequest());
        var check = await client.CheckEncounterAsync(encounter);
        var cooperation = await client.CheckCooperationRequestAsync(
            new CooperationRequest { Jurisdiction = "us-ks-roeland-park", Request = Request.EnforcementAssistance, Agency = Agency.Ice });
        var advice = await client.AdviseEncounterAsync(new EncounterRequest(encounter) { Action = Action.Unspecified });
        PolicyRevision? first = null;
        using (var watch = client.WatchPolicy(new WatchPolicyRequest()))
        {
            // The default deadline is for unary calls: the watch outlives it.
            await Task.Delay(new ComplianceClientOptions().Deadline!.Value + TimeSpan.FromMilliseconds(200));
            Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
            first = watch.ResponseStream.Current;
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

        // A request the engine refuses is refused by the engine (not by a stub).
        var unset = await Assert.ThrowsAsync<RpcException>(async () => await client.CheckEncounterAsync(new EncounterRequest(encounter) { Action = Action.Unspecified }));
        Assert.Equal(StatusCode.InvalidArgument, unset.StatusCode);
        Assert.StartsWith("action: ", unset.Status.Detail, StringComparison.Ordinal);

        var health = provider.GetRequiredService<Health.HealthClient>();
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = ComplianceGrpc.Descriptor.FullName })).Status);
    }

    [Fact]
    public async Task AnUnknownMethodIsUnimplemented()
    {
        var method = new Method<EncounterRequest, Decision>(
            MethodType.Unary, ComplianceGrpc.Descriptor.FullName, "NoSuchMethod",
            Marshallers.Create(r => r.ToByteArray(), EncounterRequest.Parser.ParseFrom),
            Marshallers.Create(r => r.ToByteArray(), Decision.Parser.ParseFrom));

        var unknown = await Assert.ThrowsAsync<RpcException>(async () =>
            await _channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(), new EncounterRequest()));

        Assert.Equal(StatusCode.Unimplemented, unknown.StatusCode);
    }

    [Fact]
    public async Task HealthReportsServerAndComplianceServingOnceThePolicyIsLoadedAndUnknownNotFound()
    {
        var health = new Health.HealthClient(_channel);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = "" })).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = "compliance.v1.ComplianceService" })).Status);
        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await health.CheckAsync(new HealthCheckRequest { Service = "no.such.Service" }));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task DeadlineThatExpiresSurfacesDeadlineExceeded()
    {
        var exception = await Assert.ThrowsAsync<RpcException>(async () =>
            await Echo().UnaryAsync(new EchoRequest { Message = "slow", SleepMs = 10_000 }, deadline: DateTime.UtcNow.AddMilliseconds(300)));

        Assert.Equal(StatusCode.DeadlineExceeded, exception.StatusCode);
    }

    [Fact]
    public async Task TheRegisteredClientsDefaultDeadlineIsSentAsGrpcTimeout()
    {
        // The fast call must fit in the default deadline on a loaded CI machine too (CI once saw the
        // first call on a new connection take more than 300 ms), so connect first and allow 2 s.
        using var channel = ComplianceChannel.Create(server.Address);
        await channel.ConnectAsync();
        var echo = new Echo.Echo.EchoClient(ComplianceChannel.WithDefaultDeadline(channel, new ComplianceClientOptions { Deadline = TimeSpan.FromSeconds(2) }));

        var fast = await echo.UnaryAsync(new EchoRequest { Message = "fast" });
        var slow = await Assert.ThrowsAsync<RpcException>(async () => await echo.UnaryAsync(new EchoRequest { Message = "slow", SleepMs = 10_000 }));

        Assert.True(fast.HasDeadline);
        Assert.Equal(StatusCode.DeadlineExceeded, slow.StatusCode);
    }

    [Fact]
    public async Task CancellationTokenCancelsTheCall()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var exception = await Assert.ThrowsAsync<RpcException>(async () =>
            await Echo().UnaryAsync(new EchoRequest { Message = "slow", SleepMs = 10_000 }, cancellationToken: cts.Token));

        Assert.Equal(StatusCode.Cancelled, exception.StatusCode);
    }

    [Fact]
    public async Task MetadataRoundTripsThroughHeadersAndTrailers()
    {
        byte[] blob = [0, 1, 2, 254, 255];
        var headers = new Metadata { { "x-trace-id", "abc-123" }, { "x-blob-bin", blob } };

        using var call = Echo().UnaryAsync(new EchoRequest { Message = "md" }, headers);
        var response = await call;
        var responseHeaders = await call.ResponseHeadersAsync;
        var trailers = call.GetTrailers();

        Assert.Equal("md", response.Message);
        Assert.Equal("abc-123", responseHeaders.GetValue("x-trace-id"));
        Assert.Equal(blob, responseHeaders.GetValueBytes("x-blob-bin"));
        Assert.Equal("abc-123", trailers.GetValue("x-trace-id"));
        Assert.Equal(blob, trailers.GetValueBytes("x-blob-bin"));
    }

    [Fact]
    public async Task StatusDetailAndCodeFromTheHandlerReachTheCaller()
    {
        var exception = await Assert.ThrowsAsync<RpcException>(async () =>
            await Echo().UnaryAsync(new EchoRequest { FailCode = (int)StatusCode.InvalidArgument, FailMessage = "field 'jurisdiction' é 100%" }));

        Assert.Equal(StatusCode.InvalidArgument, exception.StatusCode);
        Assert.Equal("field 'jurisdiction' é 100%", exception.Status.Detail);
    }

    [Fact]
    public async Task ServerStreamingYieldsEachMessageThenEndsCleanly()
    {
        using var call = Echo().ServerStream(new EchoRequest { Message = "s", Count = 4 });
        var indexes = new List<int>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            indexes.Add(response.Index);
        }

        Assert.Equal([0, 1, 2, 3], indexes);
    }

    [Fact]
    public async Task ServerStreamingSurfacesTheFinalErrorStatus()
    {
        var received = 0;
        using var call = Echo().ServerStream(new EchoRequest { Count = 2, FailCode = (int)StatusCode.Aborted, FailMessage = "stopped" });
        var exception = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in call.ResponseStream.ReadAllAsync())
            {
                received++;
            }
        });

        Assert.Equal(2, received);
        Assert.Equal(StatusCode.Aborted, exception.StatusCode);
        Assert.Equal("stopped", exception.Status.Detail);
    }

    [Fact]
    public async Task GzipRequestsAreAcceptedByTheServer()
    {
        var headers = new Metadata { { "grpc-internal-encoding-request", "gzip" } };

        var response = await Echo().UnaryAsync(
            new EchoRequest { Message = "zipped", Payload = Google.Protobuf.ByteString.CopyFrom(new byte[50_000]) }, headers);

        Assert.Equal("zipped", response.Message);
        Assert.Equal(50_000, response.PayloadLength);
        Assert.Equal("gzip", response.RequestEncoding);
    }

    [Fact]
    public async Task UnreachableServerIsUnavailableAndTheRegisteredClientRetriesIt()
    {
        // A listener that accepts each connection and closes it at once: every attempt fails UNAVAILABLE. Each accept is
        // counted before the connection closes, so every count is in before the call fails.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = 0;
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var socket = await listener.AcceptSocketAsync(stop.Token);
                Interlocked.Increment(ref accepted);
            }
        });
        var address = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        var request = new HealthCheckRequest { Service = "" };

        using (var plain = GrpcChannel.ForAddress(address))
        {
            var once = await Assert.ThrowsAsync<RpcException>(async () => await new Health.HealthClient(plain).CheckAsync(request));
            Assert.Equal(StatusCode.Unavailable, once.StatusCode);
        }

        var plainAttempts = Volatile.Read(ref accepted);
        await using var provider = new ServiceCollection().AddComplianceClient(address, o => o.InitialBackoff = TimeSpan.FromMilliseconds(10)).Services.BuildServiceProvider();
        var retried = await Assert.ThrowsAsync<RpcException>(async () => await provider.GetRequiredService<Health.HealthClient>().CheckAsync(request));
        var registeredAttempts = Volatile.Read(ref accepted) - plainAttempts;
        await stop.CancelAsync();
        listener.Stop();
        await Assert.ThrowsAnyAsync<Exception>(() => accepting);

        // SocketsHttpHandler may itself try a second connection for a call (not every time): a call without the
        // retry policy connects once or twice, the registered client's call MaxAttempts to twice as many times.
        var maxAttempts = new ComplianceClientOptions().MaxAttempts;
        Assert.Equal(StatusCode.Unavailable, retried.StatusCode);
        Assert.InRange(plainAttempts, 1, 2);
        Assert.InRange(registeredAttempts, maxAttempts, 2 * maxAttempts);
    }

    private Echo.Echo.EchoClient Echo() => new(_channel);
}
