using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Xunit.Abstractions;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// Clients that do not play along, against the server as an operator runs it (a child process stopped with a real
/// SIGTERM) or on a real socket: a call whose body never comes must not hold shutdown.
/// </summary>
public sealed class HostileClientTests(ITestOutputHelper output)
{
    /// <summary><c>Compliance:Security:MaxUnaryCallDuration</c>'s default: the bound the README documents.</summary>
    private static readonly TimeSpan MaxUnaryCallDuration = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task CallsThatSendHeadersAndNoBodyDoNotHoldShutdownPastTheUnaryBound()
    {
        await using var server = await ServerProcess.StartAsync();
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());

        // One call without a deadline, one asking for an hour: neither ever sends its request message. A third sends
        // its whole message without a deadline and never ends its stream (a unary call waits for that end).
        var noDeadline = new NeverEndingContent();
        var longDeadline = new NeverEndingContent();
        var messageNoEnd = new NeverEndingContent(GrpcFrame.Encounter);
        var calls = new[]
        {
            SendAsync(http, server.Address, noDeadline, grpcTimeout: null),
            SendAsync(http, server.Address, longDeadline, grpcTimeout: "1H"),
            SendAsync(http, server.Address, messageNoEnd, grpcTimeout: null),
        };
        await Task.WhenAll(noDeadline.HeadersSent, longDeadline.HeadersSent, messageNoEnd.HeadersSent).WaitAsync(TimeSpan.FromSeconds(30));
        var sinceHeaders = Stopwatch.StartNew();

        server.Terminate();
        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var shutdown = sinceHeaders.Elapsed;

        output.WriteLine($"exit {exitCode} {shutdown.TotalSeconds:F2} s after the stuck calls' headers");
        Assert.Equal(0, exitCode);

        // Without the bound (MaxUnaryCallDuration set to a day) these calls held the stop for the whole
        // HostOptions:ShutdownTimeout: 10.2 s with today's 10 s, 30 s with the former default.
        Assert.True(shutdown < MaxUnaryCallDuration + TimeSpan.FromSeconds(3), $"stopped {shutdown.TotalSeconds:F1} s after the calls' headers\n{server.Output}");
        foreach (var call in calls)
        {
            Assert.True(call.IsCompleted, "a stuck call was still open after the server exited");
            var status = await call;
            output.WriteLine($"stuck call ended with {status}");
            Assert.True(status is "4" or "reset", $"the stuck call ended with {status}");
        }

        Assert.DoesNotContain("fail:", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("crit:", server.Output, StringComparison.Ordinal);
    }

    /// <summary>Sends a CheckEncounter whose body never comes; returns the grpc-status it ended with, or "reset".</summary>
    private static async Task<string> SendAsync(HttpMessageInvoker http, Uri address, NeverEndingContent body, string? grpcTimeout)
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(address, "/compliance.v1.ComplianceService/CheckEncounter"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = body,
        };
        post.Headers.TryAddWithoutValidation("te", "trailers");
        if (grpcTimeout is not null)
        {
            post.Headers.TryAddWithoutValidation("grpc-timeout", grpcTimeout);
        }

        try
        {
            using var response = await http.SendAsync(post, CancellationToken.None);
            await response.Content.ReadAsByteArrayAsync();
            if (response.Headers.TryGetValues("grpc-status", out var headers))
            {
                return headers.Single();
            }

            return response.TrailingHeaders.TryGetValues("grpc-status", out var trailers) ? trailers.Single() : "none";
        }
        catch (HttpRequestException)
        {
            return "reset";
        }
        catch (IOException)
        {
            return "reset";
        }
        catch (OperationCanceledException)
        {
            // The server ended the stream while the request body was still "being sent".
            return "reset";
        }
    }

    /// <summary>A gRPC request body that never ends: the request's headers go out, then <c>first</c> (if any), then
    /// nothing, ever.</summary>
    private sealed class NeverEndingContent : HttpContent
    {
        private readonly TaskCompletionSource _headersSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly byte[]? _first;

        public NeverEndingContent(byte[]? first = null)
        {
            _first = first;
            Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        }

        public Task HeadersSent => _headersSent.Task;

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            await SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            if (_first is not null)
            {
                await stream.WriteAsync(_first, cancellationToken);
            }

            await stream.FlushAsync(cancellationToken);
            _headersSent.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
