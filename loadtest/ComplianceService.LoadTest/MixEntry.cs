using Google.Protobuf;

namespace ComplianceService.LoadTest;

/// <summary>One request of a <see cref="RequestMix"/>: the method it goes to, the message, and the
/// gRPC frame (1-byte compressed flag 0, 4-byte big-endian length, protobuf bytes) serialized once
/// before the run.</summary>
public sealed class MixEntry
{
    /// <summary>Creates an entry.</summary>
    /// <param name="methodPath">The HTTP/2 :path, e.g. "/compliance.v1.ComplianceService/CheckEncounter".</param>
    /// <param name="message">The typed request (an <c>EncounterRequest</c> or <c>CooperationRequest</c>),
    /// or null for the hand-serialized health check.</param>
    /// <param name="frame">The length-prefixed request body.</param>
    public MixEntry(string methodPath, IMessage? message, ReadOnlyMemory<byte> frame)
    {
        MethodPath = methodPath;
        Message = message;
        Frame = frame;
    }

    /// <summary>The HTTP/2 :path of the method.</summary>
    public string MethodPath { get; }

    /// <summary>The typed request, for targets that call through a typed client; null for health checks.</summary>
    public IMessage? Message { get; }

    /// <summary>The length-prefixed request body, ready to send.</summary>
    public ReadOnlyMemory<byte> Frame { get; }
}
