using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.Extensions.Options;

namespace ComplianceService.Internal;

/// <summary>
/// <c>Compliance:Grpc:MaxReceiveMessageSize</c> for the REST/JSON routes: JSON transcoding reads the whole body without
/// that limit, so a body declared larger is answered here as gRPC would answer it, <c>RESOURCE_EXHAUSTED</c> (HTTP 429,
/// a JSON <c>google.rpc.Status</c>), and a body without a declared length may not grow past it (Kestrel's own limit).
/// Added to the transcoded endpoints only: gRPC calls never pass through it.
/// </summary>
internal static class TranscodedRequestLimit
{
    public static void Apply(EndpointBuilder endpoint)
    {
        if (endpoint is not RouteEndpointBuilder { RequestDelegate: { } next } route
            || !route.Metadata.Any(m => m is GrpcJsonTranscodingMetadata))
        {
            return;
        }

        route.RequestDelegate = context =>
        {
            var max = context.RequestServices.GetRequiredService<IOptions<ComplianceOptions>>().Value.Grpc.MaxReceiveMessageSize;
            if (context.Request.ContentLength > max)
            {
                return TooLargeAsync(context, max);
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = max;
            }

            return next(context);
        };
    }

    private static async Task TooLargeAsync(HttpContext context, int max)
    {
        var status = new Google.Rpc.Status
        {
            Code = (int)StatusCode.ResourceExhausted,
            Message = FormattableString.Invariant($"Received message larger than max ({context.Request.ContentLength} vs. {max})"),
        };
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(Google.Protobuf.JsonFormatter.Default.Format(status), context.RequestAborted).ConfigureAwait(false);
    }
}
