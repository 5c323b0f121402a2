using Microsoft.AspNetCore.Http;

namespace ComplianceService.Grpc.Server.Internal;

/// <summary>One row of the method table: a full method path and how to serve it.</summary>
internal abstract class ServerMethod(string fullName)
{
    /// <summary>The path, e.g. <c>/grpc.health.v1.Health/Check</c>.</summary>
    public string FullName { get; } = fullName;

    /// <summary>Serves one call; never throws (every failure becomes a gRPC status).</summary>
    public abstract Task HandleAsync(HttpContext http, GrpcCallRuntime runtime);
}
