using ComplianceService.Contracts.V1;
using ComplianceService.Wire;
using Grpc.Core;
using ComplianceGrpc = ComplianceService.Contracts.V1.ComplianceService;

namespace ComplianceService.Rpc;

/// <summary>
/// Binds <c>compliance.v1.ComplianceService</c> as Grpc.Tools generated it (the methods of
/// <see cref="ComplianceGrpc.ComplianceServiceBase"/>, and its <see cref="Descriptor"/>, which server reflection and
/// JSON transcoding look up on the binding type), except that the methods answering a <see cref="Decision"/> write it
/// through <see cref="DecisionEncoding.Marshaller"/> instead of the generated serializer. Named by
/// <see cref="ComplianceRpcService"/>'s <see cref="BindServiceMethodAttribute"/>.
/// </summary>
public static class ComplianceServiceBinding
{
    /// <summary>The service's descriptor (the generated one).</summary>
    public static Google.Protobuf.Reflection.ServiceDescriptor Descriptor => ComplianceGrpc.Descriptor;

    /// <summary>Binds the generated methods through <paramref name="serviceBinder"/>, with the decision marshaller.
    /// Grpc.AspNetCore calls it with a null <paramref name="serviceImpl"/> and calls each method of the base class
    /// named like the bound one.</summary>
    public static void BindService(ServiceBinderBase serviceBinder, ComplianceGrpc.ComplianceServiceBase? serviceImpl) =>
        ComplianceGrpc.BindService(new DecisionReplyBinder(serviceBinder), serviceImpl);

    // Passes every method on, a unary one answering a Decision with DecisionEncoding's marshaller. JSON transcoding
    // binds through here too and ignores marshallers.
    private sealed class DecisionReplyBinder(ServiceBinderBase inner) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            if (typeof(TResponse) == typeof(Decision))
            {
                method = (Method<TRequest, TResponse>)(object)new Method<TRequest, Decision>(
                    method.Type, method.ServiceName, method.Name, method.RequestMarshaller, DecisionEncoding.Marshaller);
            }

            inner.AddMethod(method, handler);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            inner.AddMethod(method, handler);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            inner.AddMethod(method, handler);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            inner.AddMethod(method, handler);
    }
}
