using ComplianceService.Grpc.Protocol;
using Microsoft.AspNetCore.Http;

namespace ComplianceService.Grpc.Server.Internal;

/// <summary>A method declared by a registered service but given no handler: UNIMPLEMENTED.</summary>
internal sealed class UnimplementedServerMethod(string fullName) : ServerMethod(fullName)
{
    private static readonly Status MethodUnimplemented = new(StatusCode.Unimplemented, "Method is unimplemented.");

    public override Task HandleAsync(HttpContext http, GrpcCallRuntime runtime)
    {
        GrpcCall.WriteStatus(http, MethodUnimplemented, custom: null);
        return Task.CompletedTask;
    }
}
