using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;

namespace ComplianceService.LoadTest;

/// <summary>
/// Unary gRPC calls over raw HTTP/2 (h2c, or TLS for https addresses): POSTs the mix's
/// pre-serialized frames with <c>content-type: application/grpc</c> and <c>te: trailers</c>, reads
/// the response message, and takes <c>grpc-status</c> from the trailers (or from the headers of a
/// trailers-only response).
/// </summary>
/// <remarks>
/// <para>One <see cref="SocketsHttpHandler"/> per connection (HTTP/2 only:
/// <see cref="HttpVersionPolicy.RequestVersionExact"/>), each held to one connection
/// (<c>EnableMultipleHttp2Connections</c> off), so a run opens exactly the connections it was asked
/// for, as h2load's <c>-c</c> does: a call over a connection's stream limit waits in the handler for a
/// free stream, and that wait is in its latency. Calls go round-robin by request number, through
/// <see cref="HttpMessageInvoker"/>, the base of HttpClient, which spares each call HttpClient's
/// timeout token.</para>
/// <para>Failures become statuses as a gRPC client would report them: non-200 HTTP by gRPC's
/// HTTP-to-gRPC mapping, a refused or broken connection UNAVAILABLE, the local deadline
/// DEADLINE_EXCEEDED, a missing status or a malformed response INTERNAL, a non-gRPC content type
/// UNKNOWN.</para>
/// </remarks>
public sealed class GrpcHttp2Target : ILoadTarget, IDisposable
{
    private const int Http2Cancel = 0x8;
    private const int Http2RefusedStream = 0x7;

    private readonly HttpMessageInvoker[] connections;
    private readonly Uri[] methodUris;
    private readonly RequestMix mix;
    private readonly TimeSpan? deadline;
    private readonly string? timeoutHeader;

    /// <summary>Creates the target; connections open on first use.</summary>
    /// <param name="address">The server, e.g. http://127.0.0.1:50051.</param>
    /// <param name="mix">The requests.</param>
    /// <param name="settings">Connections and deadline.</param>
    public GrpcHttp2Target(Uri address, RequestMix mix, LoadTargetSettings settings)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(mix);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        this.mix = mix;
        deadline = settings.Deadline;
        if (deadline is { } d)
        {
            // grpc-timeout: at most 8 digits and a unit; milliseconds cover 1 ms .. 27 hours.
            timeoutHeader = Math.Max(1, (long)Math.Ceiling(d.TotalMilliseconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) + "m";
        }

        methodUris = new Uri[mix.Entries.Count];
        for (var i = 0; i < methodUris.Length; i++)
        {
            methodUris[i] = new Uri(address, mix.Entries[i].MethodPath);
        }

        connections = new HttpMessageInvoker[settings.Connections];
        for (var i = 0; i < connections.Length; i++)
        {
            var handler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = false,
                UseProxy = false,
                UseCookies = false,
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.None,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                ActivityHeadersPropagator = null,
            };
            connections[i] = new HttpMessageInvoker(handler, disposeHandler: true);
        }
    }

    /// <inheritdoc />
    public async ValueTask<CallOutcome> CallAsync(int requestIndex, CancellationToken cancellationToken)
    {
        var slot = (int)((uint)requestIndex % (uint)methodUris.Length);
        using var request = new HttpRequestMessage(HttpMethod.Post, methodUris[slot])
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ReadOnlyMemoryContent(mix.Entries[slot].Frame),
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Content.Headers.TryAddWithoutValidation("content-type", "application/grpc");
        if (timeoutHeader is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-timeout", timeoutHeader);
        }

        CancellationTokenSource? deadlineSource = null;
        var token = cancellationToken;
        if (deadline is { } d)
        {
            deadlineSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadlineSource.CancelAfter(d);
            token = deadlineSource.Token;
        }

        try
        {
            var connection = connections[(uint)requestIndex % (uint)connections.Length];
            using var response = await connection.SendAsync(request, token).ConfigureAwait(false);
            return new CallOutcome(await ReadStatusAsync(response, token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && deadlineSource is not null)
        {
            return new CallOutcome(GrpcStatus.DeadlineExceeded);
        }
        catch (OperationCanceledException)
        {
            return new CallOutcome(GrpcStatus.Cancelled);
        }
        catch (HttpRequestException e) when (e.InnerException is HttpProtocolException protocol)
        {
            return new CallOutcome(FromProtocolError(protocol));
        }
        catch (HttpProtocolException protocol)
        {
            return new CallOutcome(FromProtocolError(protocol));
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return new CallOutcome(GrpcStatus.Unavailable);
        }
        finally
        {
            deadlineSource?.Dispose();
        }
    }

    /// <summary>Closes the connections.</summary>
    public void Dispose()
    {
        foreach (var connection in connections)
        {
            connection.Dispose();
        }
    }

    private static async ValueTask<int> ReadStatusAsync(HttpResponseMessage response, CancellationToken token)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return GrpcStatus.FromHttpStatus((int)response.StatusCode);
        }

        if (TryReadStatus(response.Headers, out var trailersOnlyStatus))
        {
            return trailersOnlyStatus;
        }

        if (!IsGrpcContent(response.Content.Headers))
        {
            return GrpcStatus.Unknown;
        }

        var wellFramed = await ReadOneMessageAsync(response.Content, token).ConfigureAwait(false);
        if (!TryReadStatus(response.TrailingHeaders, out var status))
        {
            return GrpcStatus.Internal;
        }

        return status == GrpcStatus.Ok && !wellFramed ? GrpcStatus.Internal : status;
    }

    /// <summary>Reads the body to its end; true when it is exactly one length-prefixed message.</summary>
    private static async ValueTask<bool> ReadOneMessageAsync(HttpContent content, CancellationToken token)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var stream = await content.ReadAsStreamAsync(token).ConfigureAwait(false);
            long total = 0;
            while (true)
            {
                // Keep the 5-byte prefix at the start of the buffer; the rest is only counted.
                var offset = (int)Math.Min(total, 5);
                var read = await stream.ReadAsync(buffer.AsMemory(offset), token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            return total >= 5 && total == 5L + BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(1, 4));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsGrpcContent(HttpContentHeaders headers) =>
        headers.NonValidated.TryGetValues("content-type", out var values)
        && values.ToString().StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    private static bool TryReadStatus(HttpHeaders headers, out int status)
    {
        status = 0;
        return headers.NonValidated.TryGetValues("grpc-status", out var values)
            && int.TryParse(values.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out status);
    }

    private static int FromProtocolError(HttpProtocolException protocol) => protocol.ErrorCode switch
    {
        Http2Cancel => GrpcStatus.Cancelled,
        Http2RefusedStream => GrpcStatus.Unavailable,
        _ => GrpcStatus.Internal,
    };
}
