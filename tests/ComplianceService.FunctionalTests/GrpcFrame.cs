using System.Buffers.Binary;
using ComplianceService.Contracts.V1;
using Google.Protobuf;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.FunctionalTests;

/// <summary>gRPC's length-prefixed framing, for tests that send a request body by hand.</summary>
internal static class GrpcFrame
{
    /// <summary>The CheckEncounter request loadtest/h2load-compare.sh sends (Roeland Park, verify status at a traffic
    /// stop, a suspect with a state charge), framed.</summary>
    public static readonly byte[] Encounter = Of(new EncounterRequest
    {
        Jurisdiction = "us-ks-roeland-park",
        Action = Action.VerifyStatus,
        Contact = Contact.TrafficStop,
        Role = Role.Suspect,
        Facts = { Fact.StateCharge },
    });

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
