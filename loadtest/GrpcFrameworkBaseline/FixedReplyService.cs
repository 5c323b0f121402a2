using Grpc.Core;

namespace GrpcFrameworkBaseline;

/// <summary>
/// One unary method, <c>compliance.v1.ComplianceService/CheckEncounter</c>, bound by hand with a byte[] marshaller:
/// the request is handed over as its bytes and the reply is one fixed array of <c>--ReplyBytes</c>. Grpc.AspNetCore
/// calls the public virtual method named like the method (not the delegate given to AddMethod), so the class is not
/// sealed and <see cref="CheckEncounter"/> is virtual.
/// </summary>
[BindServiceMethod(typeof(FixedReplyService), nameof(BindService))]
public class FixedReplyService(FixedReply reply)
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(static bytes => bytes, static bytes => bytes);

    private static readonly Method<byte[], byte[]> CheckEncounterMethod =
        new(MethodType.Unary, "compliance.v1.ComplianceService", "CheckEncounter", Bytes, Bytes);

    /// <summary>Binds the one method (called by Grpc.AspNetCore with a null instance).</summary>
    public static void BindService(ServiceBinderBase binder, FixedReplyService? service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.AddMethod(CheckEncounterMethod, (UnaryServerMethod<byte[], byte[]>?)null);
    }

    /// <summary>Answers the fixed reply.</summary>
    public virtual Task<byte[]> CheckEncounter(byte[] request, ServerCallContext context) => reply.Task;
}

/// <summary>The reply every call gets, as a completed task (no allocation per call).</summary>
public sealed class FixedReply(int size)
{
    /// <summary>The reply.</summary>
    public Task<byte[]> Task { get; } = System.Threading.Tasks.Task.FromResult(new byte[size]);
}
