using System.Net;
using ComplianceService.Grpc.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace ComplianceService.Grpc.Server;

/// <summary>What a handler knows about the call it serves.</summary>
public sealed class ServerCallContext
{
    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;
    private string? _peer;

    internal ServerCallContext(HttpContext httpContext, string method, DateTime deadline, CancellationToken cancellationToken)
    {
        HttpContext = httpContext;
        Method = method;
        Deadline = deadline;
        CancellationToken = cancellationToken;
    }

    /// <summary>The full method path, e.g. <c>/grpc.health.v1.Health/Check</c>.</summary>
    public string Method { get; }

    /// <summary>The call's deadline in UTC, from <c>grpc-timeout</c>; <see cref="DateTime.MaxValue"/> when none was sent.</summary>
    public DateTime Deadline { get; }

    /// <summary>Cancelled when the deadline passes or the client cancels (RST_STREAM).</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The custom metadata the client sent (protocol headers excluded; <c>-bin</c> values decoded).</summary>
    public Metadata RequestHeaders => _requestHeaders ??= ReadRequestHeaders(HttpContext.Request.Headers);

    /// <summary>Custom metadata to send in the trailers (or the headers of a trailers-only answer).</summary>
    public Metadata ResponseTrailers => _responseTrailers ??= new Metadata();

    /// <summary>The client's address, e.g. <c>ipv4:127.0.0.1:50123</c>.</summary>
    public string Peer => _peer ??= FormatPeer(HttpContext.Connection.RemoteIpAddress, HttpContext.Connection.RemotePort);

    /// <summary>The underlying HTTP context (for what the gRPC surface does not cover).</summary>
    public HttpContext HttpContext { get; }

    internal bool HasResponseTrailers => _responseTrailers is { Count: > 0 };

    /// <summary>Sends the response headers now, with <paramref name="headers"/> as custom metadata.</summary>
    /// <exception cref="InvalidOperationException">The response headers were already sent.</exception>
    public Task WriteResponseHeadersAsync(Metadata headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var response = HttpContext.Response;
        if (response.HasStarted)
        {
            throw new InvalidOperationException("Response headers can only be sent once per call.");
        }

        AppendMetadata(response.Headers, headers);
        return response.BodyWriter.FlushAsync(CancellationToken).AsTask();
    }

    internal static void AppendMetadata(IHeaderDictionary target, Metadata metadata)
    {
        foreach (var entry in metadata)
        {
            if (Metadata.IsReservedKey(entry.Key))
            {
                continue;
            }

            target.Append(entry.Key, entry.ToWireValue());
        }
    }

    private static Metadata ReadRequestHeaders(IHeaderDictionary headers)
    {
        var metadata = new Metadata();
        foreach (var (key, values) in headers)
        {
            if (Metadata.IsReservedKey(key) || key.Equals("user-agent", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var binary = Metadata.IsBinaryKey(key);
            foreach (var value in values)
            {
                if (value is null)
                {
                    continue;
                }

                if (binary)
                {
                    // Several binary values may arrive comma-joined in one header.
                    foreach (var part in new StringTokenizer(value, [',']))
                    {
                        metadata.AddFromWire(key, part.ToString());
                    }
                }
                else
                {
                    metadata.AddFromWire(key, value);
                }
            }
        }

        return metadata;
    }

    private static string FormatPeer(IPAddress? address, int port) => address switch
    {
        null => "unknown",
        { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } => $"ipv6:[{address}]:{port}",
        _ => $"ipv4:{address}:{port}",
    };
}
