using System.Net;
using System.Net.Http.Headers;
using ComplianceService.Contracts.V1;
using Grpc.Health.V1;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// A real SIGTERM to the server running as a child process: health turns NOT_SERVING first (so balancers drain it),
/// a call in flight still gets its answer, and the process exits cleanly.
/// </summary>
public sealed class GracefulShutdownTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task OnSigtermHealthTurnsNotServingFirstAndACallInFlightStillGetsItsAnswer()
    {
        await using var server = await ServerProcess.StartAsync();
        using var channel = GrpcChannel.ForAddress(server.Address);
        using var watch = new Health.HealthClient(channel).Watch(new HealthCheckRequest { Service = ComplianceGrpc.Descriptor.FullName });
        Assert.True(await NextStatusAsync(watch) == HealthCheckResponse.Types.ServingStatus.Serving, server.Output);

        // A CheckEncounter whose request message is still arriving: a call in flight on the server.
        var request = new EncounterRequest
        {
            Jurisdiction = "us-ks-roeland-park",
            Action = Action.InquireStatus,
            Contact = Contact.TrafficStop,
            Role = Role.Suspect,
            IncidentId = "sigterm",
        };
        var body = new HeldBackContent(GrpcFrame.Of(request), heldBack: 8);
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, "/compliance.v1.ComplianceService/CheckEncounter"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = body,
        };
        post.Headers.TryAddWithoutValidation("te", "trailers");
        var answer = http.SendAsync(post, CancellationToken.None);
        await body.FirstPartSent.WaitAsync(Limit);

        server.Terminate();

        Assert.True(await NextStatusAsync(watch) == HealthCheckResponse.Types.ServingStatus.NotServing, server.Output);
        Assert.False(answer.IsCompleted, "the call in flight ended before its request was complete");

        body.SendTheRest();
        using var response = await answer.WaitAsync(Limit);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
        var decision = Decision.Parser.ParseFrom(bytes.AsSpan(5));
        Assert.NotEqual(Outcome.Unspecified, decision.Outcome);
        Assert.Equal("sigterm", decision.IncidentId);

        Assert.Equal(0, await server.WaitForExitAsync(Limit));
        var output = server.Output;
        Assert.Contains("Stopping: health set NOT_SERVING", output, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", output, StringComparison.Ordinal);
    }

    private static async Task<HealthCheckResponse.Types.ServingStatus> NextStatusAsync(AsyncServerStreamingCall<HealthCheckResponse> watch)
    {
        using var timeout = new CancellationTokenSource(Limit);
        Assert.True(await watch.ResponseStream.MoveNext(timeout.Token), "the health watch ended");
        return watch.ResponseStream.Current.Status;
    }

    /// <summary>A gRPC request body sent in two parts: all but the last <c>heldBack</c> bytes at once, the rest when told.</summary>
    private sealed class HeldBackContent : HttpContent
    {
        private readonly byte[] _frame;
        private readonly int _heldBack;
        private readonly TaskCompletionSource _firstPartSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _rest = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HeldBackContent(byte[] frame, int heldBack)
        {
            _frame = frame;
            _heldBack = heldBack;
            Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        }

        public Task FirstPartSent => _firstPartSent.Task;

        public void SendTheRest() => _rest.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_frame.AsMemory(0, _frame.Length - _heldBack));
            await stream.FlushAsync();
            _firstPartSent.TrySetResult();
            await _rest.Task;
            await stream.WriteAsync(_frame.AsMemory(_frame.Length - _heldBack));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
