using System.Buffers.Binary;
using Google.Protobuf;

namespace ComplianceService.FunctionalTests;

/// <summary>gRPC's length-prefixed framing, for tests that send a request body by hand.</summary>
internal static class GrpcFrame
{
    /// <summary>One uncompressed message in its 5-byte frame: flag 0, then the length, big-endian.</summary>
    public static byte[] Of(IMessage message)
    {
        var payload = message.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }
}
