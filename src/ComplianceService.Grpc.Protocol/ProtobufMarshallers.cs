using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace ComplianceService.Grpc.Protocol;

/// <summary>Finds the default protobuf marshaller of a message type named by a descriptor.</summary>
public static class ProtobufMarshallers
{
    /// <summary>
    /// The <see cref="ProtobufMarshaller{T}"/> for <typeparamref name="T"/>, which must be the
    /// generated class of <paramref name="descriptor"/>. Called once per method at start-up.
    /// </summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not the descriptor's generated type.</exception>
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Generated protobuf message types are kept by their descriptors.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Closed over a generated protobuf message type known at start-up.")]
    public static Marshaller<T> For<T>(MessageDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (descriptor.ClrType != typeof(T) || !typeof(IMessage<>).MakeGenericType(typeof(T)).IsAssignableFrom(typeof(T)))
        {
            throw new InvalidOperationException(
                $"Message '{descriptor.FullName}' is generated as {descriptor.ClrType}, not {typeof(T)}: pass a custom Marshaller<{typeof(T).Name}>.");
        }

        var marshallerType = typeof(ProtobufMarshaller<>).MakeGenericType(typeof(T));
        return (Marshaller<T>)marshallerType.GetProperty("Default")!.GetValue(null)!;
    }
}
