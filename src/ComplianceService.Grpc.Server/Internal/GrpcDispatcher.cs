using System.Collections.Frozen;
using ComplianceService.Grpc.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace ComplianceService.Grpc.Server.Internal;

/// <summary>
/// The one middleware that serves every gRPC path: checks the HTTP method and content type,
/// looks the path up in the frozen method table and runs the method.
/// </summary>
internal sealed class GrpcDispatcher
{
    private static readonly Status ServiceUnimplemented = new(StatusCode.Unimplemented, "Service is unimplemented.");
    private static readonly Status MethodUnimplemented = new(StatusCode.Unimplemented, "Method is unimplemented.");
    private static readonly StringValues AllowPost = new("POST");

    private readonly RequestDelegate _next;
    private readonly FrozenDictionary<string, ServerMethod> _methods;
    private readonly GrpcServiceRegistry _registry;
    private readonly GrpcCallRuntime _runtime;

    public GrpcDispatcher(RequestDelegate next, GrpcServiceRegistry registry, IOptions<GrpcServerOptions> options, ILoggerFactory loggerFactory)
    {
        _next = next;
        _registry = registry;
        _methods = registry.Freeze();
        var logger = loggerFactory.CreateLogger("ComplianceService.Grpc.Server");
        _runtime = new GrpcCallRuntime(options.Value, logger);
        Log.MethodTableBuilt(logger, _methods.Count, registry.Services.Count);
    }

    public Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        var path = request.Path.Value ?? string.Empty;
        if (_methods.TryGetValue(path, out var method))
        {
            if (!HttpMethods.IsPost(request.Method))
            {
                return Refuse(http, StatusCodes.Status405MethodNotAllowed);
            }

            if (!GrpcHeaders.IsGrpcContentType(request.ContentType))
            {
                return Refuse(http, StatusCodes.Status415UnsupportedMediaType);
            }

            if (!HttpProtocol.IsHttp2(request.Protocol))
            {
                // gRPC needs HTTP/2 trailers; only reachable if an endpoint is configured for HTTP/1.1 too.
                return Refuse(http, StatusCodes.Status426UpgradeRequired);
            }

            return method.HandleAsync(http, _runtime);
        }

        // Another endpoint of the host (if any) keeps its own routes.
        if (http.GetEndpoint() is not null)
        {
            return _next(http);
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            return Refuse(http, StatusCodes.Status405MethodNotAllowed);
        }

        if (!GrpcHeaders.IsGrpcContentType(request.ContentType))
        {
            return Refuse(http, StatusCodes.Status415UnsupportedMediaType);
        }

        Log.MethodNotFound(_runtime.Logger, path);
        GrpcCall.WriteStatus(http, _registry.IsServiceKnown(path) ? MethodUnimplemented : ServiceUnimplemented, custom: null);
        return Task.CompletedTask;
    }

    private Task Refuse(HttpContext http, int httpStatus)
    {
        Log.RequestRefused(_runtime.Logger, http.Request.Method, http.Request.Path.Value ?? string.Empty, httpStatus);
        http.Response.StatusCode = httpStatus;
        if (httpStatus == StatusCodes.Status405MethodNotAllowed)
        {
            http.Response.Headers.Allow = AllowPost;
        }

        return Task.CompletedTask;
    }
}
