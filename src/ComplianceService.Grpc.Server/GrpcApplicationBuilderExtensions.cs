using ComplianceService.Grpc.Protocol;
using ComplianceService.Grpc.Server.Internal;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Grpc.Health.V1;
using Grpc.Reflection.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using V1Alpha = Grpc.Reflection.V1Alpha;

namespace ComplianceService.Grpc.Server;

/// <summary>
/// Maps gRPC services onto the application. Every mapped method joins one method table, frozen
/// when the server starts and served by a single middleware.
/// </summary>
public static class GrpcApplicationBuilderExtensions
{
    /// <summary>
    /// Registers the service <paramref name="service"/> with the handlers <paramref name="bind"/>
    /// gives it. Methods of the descriptor left unbound answer UNIMPLEMENTED.
    /// </summary>
    /// <example>
    /// <code>
    /// app.MapGrpcService(ComplianceReflection.Descriptor.Services[0], binder => binder
    ///     .UnarySync&lt;EncounterRequest, Decision&gt;("CheckEncounter", rpc.CheckEncounter)
    ///     .ServerStreaming&lt;WatchPolicyRequest, PolicyRevision&gt;("WatchPolicy", rpc.WatchPolicy));
    /// </code>
    /// </example>
    public static IApplicationBuilder MapGrpcService(this IApplicationBuilder app, ServiceDescriptor service, Action<GrpcServiceBinder> bind)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(bind);
        var registry = app.ApplicationServices.GetService<GrpcServiceRegistry>()
            ?? throw new InvalidOperationException("Call services.AddGrpcProtocol() before mapping gRPC services.");
        var binder = new GrpcServiceBinder(service);
        bind(binder);
        registry.Add(binder);
        if (!registry.DispatcherAdded)
        {
            registry.DispatcherAdded = true;
            app.UseMiddleware<GrpcDispatcher>();
        }

        return app;
    }

    /// <summary>Maps <c>grpc.health.v1.Health</c> (Check and Watch) over the <see cref="HealthStatusRegistry"/>.</summary>
    public static IApplicationBuilder MapGrpcHealthService(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var health = new HealthService(app.ApplicationServices.GetRequiredService<HealthStatusRegistry>());
        return app.MapGrpcService(HealthReflection.Descriptor.Services[0], binder => binder
            .UnarySync<HealthCheckRequest, HealthCheckResponse>("Check", health.Check)
            .ServerStreaming<HealthCheckRequest, HealthCheckResponse>("Watch", health.Watch));
    }

    /// <summary>
    /// Maps server reflection, <c>grpc.reflection.v1</c> and <c>grpc.reflection.v1alpha</c>,
    /// describing every registered service (including health and reflection themselves).
    /// </summary>
    public static IApplicationBuilder MapGrpcReflectionService(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var registry = app.ApplicationServices.GetRequiredService<GrpcServiceRegistry>();
        var reflection = new ReflectionService(() => new ReflectionIndex(registry.Services));
        app.MapGrpcService(ReflectionReflection.Descriptor.Services[0], binder => binder
            .DuplexStreaming<ServerReflectionRequest, ServerReflectionResponse>("ServerReflectionInfo", reflection.ServerReflectionInfo));
        return app.MapGrpcService(V1Alpha.ReflectionReflection.Descriptor.Services[0], binder => binder
            .DuplexStreaming(
                "ServerReflectionInfo",
                reflection.ServerReflectionInfo,
                ProtobufMarshaller<ServerReflectionRequest>.Default,
                ProtobufMarshaller<ServerReflectionResponse>.Default));
    }
}
