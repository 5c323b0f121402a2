using System.Globalization;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ComplianceService.Security;

/// <summary>
/// Bounds every unary gRPC call that waits on its caller to <see cref="ComplianceSecurityOptions.MaxUnaryCallDuration"/>:
/// a call without <c>grpc-timeout</c>, or with a longer one, whose request has not fully arrived when it starts (the
/// message, then the end of the stream) is given that timeout before Grpc.AspNetCore reads it. A caller that sends
/// headers and never the body, or the message and never the end of the stream, then ends with DEADLINE_EXCEEDED at
/// that bound, and so does not hold graceful shutdown (Kestrel waits for requests in flight) for the whole shutdown
/// timeout. A call whose request is already complete is left as it came: the compliance handlers answer without
/// waiting on anything, and a reply the caller does not read is bounded by Kestrel's minimum response data rate. The
/// deadline's timer cost about 2.5-4 µs of server CPU per call under h2load (which sends no <c>grpc-timeout</c>), and
/// almost every call's request has arrived whole by the time it starts. Streaming calls are left alone: WatchPolicy
/// and health Watch are meant to stay open, and end when the server stops.
/// </summary>
internal sealed class UnaryCallDeadline(RequestDelegate next, IOptions<ComplianceOptions> options)
{
    private const string TimeoutHeader = "grpc-timeout";

    private readonly TimeSpan _max = options.Value.Security.MaxUnaryCallDuration;
    private readonly string _maxHeader = ToHeader(options.Value.Security.MaxUnaryCallDuration);

    public Task InvokeAsync(HttpContext context)
    {
        // Whether the request has arrived is asked first: it is one flag, almost always set, while the endpoint's gRPC
        // metadata is a lookup in its metadata collection.
        if (!HasArrived(context)
            && context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is { Method.Type: MethodType.Unary }
            && !WithinBound(context.Request.Headers[TimeoutHeader].ToString()))
        {
            context.Request.Headers[TimeoutHeader] = _maxHeader;
        }

        return next(context);
    }

    // True when the caller has ended its request (HTTP/2 END_STREAM: Kestrel marks the request's trailers available
    // then, after every DATA frame before it is in the request body). Not yet known, or HTTP/1.1 before the body is
    // read: false, and the call gets the bound. Reads one flag; peeking at the body pipe cost about 0.5 µs per call.
    private static bool HasArrived(HttpContext context) =>
        context.Features.Get<IHttpRequestTrailersFeature>() is { Available: true };

    private bool WithinBound(string header)
    {
        // grpc-timeout: up to 8 digits and a unit (H, M, S, m, u, n).
        if (header.Length is < 2 or > 9 || !long.TryParse(header.AsSpan(0, header.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        var timeout = header[^1] switch
        {
            'H' => TimeSpan.FromHours(value),
            'M' => TimeSpan.FromMinutes(value),
            'S' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMilliseconds(value),
            'u' => TimeSpan.FromMicroseconds(value),
            'n' => TimeSpan.FromTicks(value / 100),
            _ => TimeSpan.MaxValue,
        };
        return timeout <= _max;
    }

    private static string ToHeader(TimeSpan timeout) =>
        ((long)Math.Ceiling(timeout.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "m";
}
