using System.Globalization;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace ComplianceService.Security;

/// <summary>
/// Gives every unary gRPC call a deadline of at most <see cref="ComplianceSecurityOptions.MaxUnaryCallDuration"/>: a
/// call without <c>grpc-timeout</c>, or with a longer one, is given that timeout before Grpc.AspNetCore reads it. A
/// caller that sends headers and never the body then ends with DEADLINE_EXCEEDED at that bound, and so does not hold
/// graceful shutdown (Kestrel waits for requests in flight) for the whole shutdown timeout. Streaming calls are left
/// alone: WatchPolicy and health Watch are meant to stay open, and end when the server stops.
/// </summary>
internal sealed class UnaryCallDeadline(RequestDelegate next, IOptions<ComplianceOptions> options)
{
    private const string TimeoutHeader = "grpc-timeout";

    private readonly TimeSpan _max = options.Value.Security.MaxUnaryCallDuration;
    private readonly string _maxHeader = ToHeader(options.Value.Security.MaxUnaryCallDuration);

    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is { Method.Type: MethodType.Unary }
            && !WithinBound(context.Request.Headers[TimeoutHeader].ToString()))
        {
            context.Request.Headers[TimeoutHeader] = _maxHeader;
        }

        return next(context);
    }

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
