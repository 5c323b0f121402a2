using ComplianceService.Grpc.Protocol;
using ComplianceService.Grpc.Server.Internal;
using Google.Protobuf.Reflection;

namespace ComplianceService.Grpc.Server;

/// <summary>
/// Binds handlers to the methods of one service descriptor. Each method is checked against the
/// descriptor (name and streaming kind); methods left unbound answer UNIMPLEMENTED. Marshallers
/// default to the protobuf types the descriptor names; pass a custom <see cref="Marshaller{T}"/>
/// to use anything else (for example precomputed response bytes).
/// </summary>
public sealed class GrpcServiceBinder
{
    private readonly Dictionary<string, ServerMethod> _methods = new(StringComparer.Ordinal);

    internal GrpcServiceBinder(ServiceDescriptor service)
    {
        Service = service;
    }

    /// <summary>The service being bound.</summary>
    public ServiceDescriptor Service { get; }

    internal IReadOnlyDictionary<string, ServerMethod> Methods => _methods;

    /// <summary>Binds a unary method to an asynchronous handler.</summary>
    /// <param name="methodName">The method's simple name, e.g. <c>CheckEncounter</c>.</param>
    /// <param name="handler">The handler; throw <see cref="RpcException"/> to answer a status.</param>
    /// <param name="requestMarshaller">Null for the protobuf type the descriptor names.</param>
    /// <param name="responseMarshaller">Null for the protobuf type the descriptor names.</param>
    public GrpcServiceBinder Unary<TRequest, TResponse>(
        string methodName,
        Func<TRequest, ServerCallContext, ValueTask<TResponse>> handler,
        Marshaller<TRequest>? requestMarshaller = null,
        Marshaller<TResponse>? responseMarshaller = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var method = Find(methodName, clientStreaming: false, serverStreaming: false);
        Add(method, new UnaryServerMethod<TRequest, TResponse>(
            FullName(method), handler, null, RequestMarshaller(method, requestMarshaller), ResponseMarshaller(method, responseMarshaller)));
        return this;
    }

    /// <summary>
    /// Binds a unary method to a synchronous handler (no async state machine on the hot path):
    /// for handlers that compute the answer from memory without awaiting.
    /// </summary>
    /// <param name="methodName">The method's simple name.</param>
    /// <param name="handler">The handler; throw <see cref="RpcException"/> to answer a status.</param>
    /// <param name="requestMarshaller">Null for the protobuf type the descriptor names.</param>
    /// <param name="responseMarshaller">Null for the protobuf type the descriptor names.</param>
    public GrpcServiceBinder UnarySync<TRequest, TResponse>(
        string methodName,
        Func<TRequest, ServerCallContext, TResponse> handler,
        Marshaller<TRequest>? requestMarshaller = null,
        Marshaller<TResponse>? responseMarshaller = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var method = Find(methodName, clientStreaming: false, serverStreaming: false);
        Add(method, new UnaryServerMethod<TRequest, TResponse>(
            FullName(method), null, handler, RequestMarshaller(method, requestMarshaller), ResponseMarshaller(method, responseMarshaller)));
        return this;
    }

    /// <summary>Binds a server-streaming method.</summary>
    /// <param name="methodName">The method's simple name.</param>
    /// <param name="handler">Writes the responses; returns when the stream is done.</param>
    /// <param name="requestMarshaller">Null for the protobuf type the descriptor names.</param>
    /// <param name="responseMarshaller">Null for the protobuf type the descriptor names.</param>
    public GrpcServiceBinder ServerStreaming<TRequest, TResponse>(
        string methodName,
        Func<TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler,
        Marshaller<TRequest>? requestMarshaller = null,
        Marshaller<TResponse>? responseMarshaller = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var method = Find(methodName, clientStreaming: false, serverStreaming: true);
        Add(method, new ServerStreamingServerMethod<TRequest, TResponse>(
            FullName(method), handler, RequestMarshaller(method, requestMarshaller), ResponseMarshaller(method, responseMarshaller)));
        return this;
    }

    /// <summary>Binds a client-streaming method.</summary>
    /// <param name="methodName">The method's simple name.</param>
    /// <param name="handler">Reads the requests and returns the one response.</param>
    /// <param name="requestMarshaller">Null for the protobuf type the descriptor names.</param>
    /// <param name="responseMarshaller">Null for the protobuf type the descriptor names.</param>
    public GrpcServiceBinder ClientStreaming<TRequest, TResponse>(
        string methodName,
        Func<IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>> handler,
        Marshaller<TRequest>? requestMarshaller = null,
        Marshaller<TResponse>? responseMarshaller = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var method = Find(methodName, clientStreaming: true, serverStreaming: false);
        Add(method, new ClientStreamingServerMethod<TRequest, TResponse>(
            FullName(method), handler, RequestMarshaller(method, requestMarshaller), ResponseMarshaller(method, responseMarshaller)));
        return this;
    }

    /// <summary>Binds a bidirectional-streaming method.</summary>
    /// <param name="methodName">The method's simple name.</param>
    /// <param name="handler">Reads requests and writes responses; returns when done.</param>
    /// <param name="requestMarshaller">Null for the protobuf type the descriptor names.</param>
    /// <param name="responseMarshaller">Null for the protobuf type the descriptor names.</param>
    public GrpcServiceBinder DuplexStreaming<TRequest, TResponse>(
        string methodName,
        Func<IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler,
        Marshaller<TRequest>? requestMarshaller = null,
        Marshaller<TResponse>? responseMarshaller = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var method = Find(methodName, clientStreaming: true, serverStreaming: true);
        Add(method, new DuplexStreamingServerMethod<TRequest, TResponse>(
            FullName(method), handler, RequestMarshaller(method, requestMarshaller), ResponseMarshaller(method, responseMarshaller)));
        return this;
    }

    internal void BindRemainingAsUnimplemented()
    {
        foreach (var method in Service.Methods)
        {
            var fullName = FullName(method);
            _methods.TryAdd(fullName, new UnimplementedServerMethod(fullName));
        }
    }

    private static string FullName(MethodDescriptor method) => string.Concat("/", method.Service.FullName, "/", method.Name);

    private static Marshaller<T> RequestMarshaller<T>(MethodDescriptor method, Marshaller<T>? custom) =>
        custom ?? ProtobufMarshallers.For<T>(method.InputType);

    private static Marshaller<T> ResponseMarshaller<T>(MethodDescriptor method, Marshaller<T>? custom) =>
        custom ?? ProtobufMarshallers.For<T>(method.OutputType);

    private MethodDescriptor Find(string methodName, bool clientStreaming, bool serverStreaming)
    {
        ArgumentException.ThrowIfNullOrEmpty(methodName);
        var method = Service.FindMethodByName(methodName)
            ?? throw new ArgumentException($"Service '{Service.FullName}' has no method '{methodName}'.", nameof(methodName));
        if (method.IsClientStreaming != clientStreaming || method.IsServerStreaming != serverStreaming)
        {
            throw new ArgumentException(
                $"Method '{Service.FullName}/{methodName}' is {Kind(method.IsClientStreaming, method.IsServerStreaming)}, not {Kind(clientStreaming, serverStreaming)}.",
                nameof(methodName));
        }

        return method;
    }

    private void Add(MethodDescriptor method, ServerMethod serverMethod)
    {
        if (!_methods.TryAdd(serverMethod.FullName, serverMethod))
        {
            throw new ArgumentException($"Method '{serverMethod.FullName}' is already bound.", nameof(method));
        }
    }

    private static string Kind(bool clientStreaming, bool serverStreaming) => (clientStreaming, serverStreaming) switch
    {
        (false, false) => "unary",
        (false, true) => "server streaming",
        (true, false) => "client streaming",
        _ => "bidirectional streaming",
    };
}
