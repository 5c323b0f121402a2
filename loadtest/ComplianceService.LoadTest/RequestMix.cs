using System.Buffers.Binary;
using System.Text;
using ComplianceService.LoadTest.Internal;
using Google.Protobuf;

namespace ComplianceService.LoadTest;

/// <summary>
/// The requests of a run, built and serialized once before it starts. Request <c>i</c> of a run is
/// <c>mix[i]</c> (the entries repeat), so every target and every run with the same seed sends the
/// same sequence.
/// </summary>
/// <remarks>
/// The encounter and cooperation mixes cover every jurisdiction with every action (or request) at
/// least once, then fill the rest with random but valid checks: facts that belong to the request
/// kind, a crime for every CERTIFY_VISA, a quarter with 1-4 unknown facts (never also known),
/// one in ten decided as of a past date. Entries are shuffled with the seed.
/// </remarks>
public sealed class RequestMix
{
    /// <summary>The :path of CheckEncounter.</summary>
    public const string CheckEncounterPath = "/compliance.v1.ComplianceService/CheckEncounter";

    /// <summary>The :path of CheckCooperationRequest.</summary>
    public const string CheckCooperationRequestPath = "/compliance.v1.ComplianceService/CheckCooperationRequest";

    /// <summary>The :path of the standard health check.</summary>
    public const string HealthCheckPath = "/grpc.health.v1.Health/Check";

    /// <summary>How many distinct requests a mix holds unless told otherwise.</summary>
    public const int DefaultSize = 1024;

    private readonly MixEntry[] entries;

    private RequestMix(MixKind kind, int seed, MixEntry[] entries)
    {
        Kind = kind;
        Seed = seed;
        this.entries = entries;
    }

    /// <summary>The agencies the service answers for.</summary>
    public static IReadOnlyList<string> Jurisdictions { get; } =
    [
        "us-ks-roeland-park", "us-mo-st-joseph", "us-mo-kansas-city", "us-ks-overland-park",
        "us-ks-kansas-city", "us-mo-independence", "us-mt-bozeman",
    ];

    /// <summary>What the mix holds.</summary>
    public MixKind Kind { get; }

    /// <summary>The seed it was built with.</summary>
    public int Seed { get; }

    /// <summary>The distinct requests.</summary>
    public IReadOnlyList<MixEntry> Entries => entries;

    /// <summary>The request for a run's request number (the entries repeat).</summary>
    /// <param name="requestIndex">The request's sequence number in the run; negative numbers wrap.</param>
    public MixEntry this[int requestIndex] => entries[(uint)requestIndex % (uint)entries.Length];

    /// <summary>Builds a mix.</summary>
    /// <param name="kind">What it holds.</param>
    /// <param name="seed">The random seed (same seed, same mix).</param>
    /// <param name="size">How many distinct requests (at least enough to cover every
    /// jurisdiction with every action and request).</param>
    /// <returns>The mix.</returns>
    public static RequestMix Create(MixKind kind, int seed, int size = DefaultSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (kind == MixKind.Health)
        {
            return Health(string.Empty);
        }

        var generator = new CheckRequestGenerator(seed, Jurisdictions);
        var messages = generator.Generate(kind, size);
        var result = new MixEntry[messages.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var message = messages[i];
            var path = message is Contracts.V1.EncounterRequest ? CheckEncounterPath : CheckCooperationRequestPath;
            result[i] = new MixEntry(path, message, Frame(message.ToByteArray()));
        }

        return new RequestMix(kind, seed, result);
    }

    /// <summary>A mix of one health check, serialized by hand (field 1, string <c>service</c>).</summary>
    /// <param name="service">The service to ask about; "" (the default) asks about the server as a whole.</param>
    /// <returns>The mix.</returns>
    public static RequestMix Health(string service = "")
    {
        ArgumentNullException.ThrowIfNull(service);
        var name = Encoding.UTF8.GetBytes(service);
        byte[] body;
        if (name.Length == 0)
        {
            // proto3 leaves a default (empty) string off the wire.
            body = [];
        }
        else
        {
            var writer = new MemoryStream();
            writer.WriteByte(0x0A); // field 1, wire type 2 (length-delimited)
            var length = (uint)name.Length;
            while (length >= 0x80)
            {
                writer.WriteByte((byte)(length | 0x80));
                length >>= 7;
            }

            writer.WriteByte((byte)length);
            writer.Write(name);
            body = writer.ToArray();
        }

        return new RequestMix(MixKind.Health, 0, [new MixEntry(HealthCheckPath, null, Frame(body))]);
    }

    private static byte[] Frame(byte[] message)
    {
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame.AsSpan(5));
        return frame;
    }
}
