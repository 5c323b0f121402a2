using System.Buffers.Binary;
using ComplianceService.Contracts.V1;
using Google.Protobuf;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.LoadTest.UnitTests;

public sealed class RequestMixTests
{
    private static readonly HashSet<Fact> BasisFacts =
    [
        Fact.CriminalWarrant, Fact.ImmigrationWarrant, Fact.CourtOrder, Fact.StatuteRequires,
        Fact.PublicSafetyThreat, Fact.CrimeInProgress, Fact.CriminalActivity, Fact.SupervisorApproval,
    ];

    [Fact]
    public void TheMixedMixCoversEveryJurisdictionWithEveryActionAndRequest()
    {
        var mix = RequestMix.Create(MixKind.Mixed, seed: 1);
        var encounters = mix.Entries.Select(e => e.Message).OfType<EncounterRequest>().ToList();
        var cooperation = mix.Entries.Select(e => e.Message).OfType<CooperationRequest>().ToList();

        foreach (var jurisdiction in RequestMix.Jurisdictions)
        {
            foreach (var action in Enum.GetValues<Action>().Where(a => a != Action.Unspecified))
            {
                Assert.Contains(encounters, e => e.Jurisdiction == jurisdiction && e.Action == action);
            }

            foreach (var request in Enum.GetValues<Request>().Where(r => r != Request.Unspecified))
            {
                Assert.Contains(cooperation, c => c.Jurisdiction == jurisdiction && c.Request == request);
            }
        }

        Assert.Equal(7, RequestMix.Jurisdictions.Count);
        Assert.Equal(RequestMix.DefaultSize, mix.Entries.Count);
        var cooperationShare = (double)cooperation.Count / mix.Entries.Count;
        Assert.InRange(cooperationShare, 0.15, 0.35);
        Assert.Contains(encounters, e => e.UnknownFacts.Count > 0);
        Assert.Contains(cooperation, c => c.UnknownFacts.Count > 0);
        Assert.Contains(encounters, e => e.UnknownFacts.Count == 4);
    }

    [Theory]
    [InlineData(MixKind.Encounter, 1)]
    [InlineData(MixKind.Cooperation, 2)]
    [InlineData(MixKind.Mixed, 3)]
    [InlineData(MixKind.Mixed, 12345)]
    public void EveryRequestIsValidByTheDomainRules(MixKind kind, int seed)
    {
        var mix = RequestMix.Create(kind, seed);
        foreach (var entry in mix.Entries)
        {
            switch (entry.Message)
            {
                case EncounterRequest e:
                    Assert.NotEqual(MixKind.Cooperation, kind);
                    Assert.Equal(RequestMix.CheckEncounterPath, entry.MethodPath);
                    Assert.Contains(e.Jurisdiction, RequestMix.Jurisdictions);
                    Assert.True(Enum.IsDefined(e.Action) && e.Action != Action.Unspecified);
                    Assert.True(Enum.IsDefined(e.Contact) && e.Contact != Contact.Unspecified);
                    Assert.True(Enum.IsDefined(e.Role) && e.Role != Role.Unspecified);
                    Assert.True(Enum.IsDefined(e.Crime));
                    if (e.Action == Action.CertifyVisa)
                    {
                        Assert.NotEqual(Crime.Unspecified, e.Crime);
                    }

                    AssertFacts(e.Facts, e.UnknownFacts, f => f != Fact.CriminalActivity);
                    break;
                case CooperationRequest c:
                    Assert.NotEqual(MixKind.Encounter, kind);
                    Assert.Equal(RequestMix.CheckCooperationRequestPath, entry.MethodPath);
                    Assert.Contains(c.Jurisdiction, RequestMix.Jurisdictions);
                    Assert.True(Enum.IsDefined(c.Request) && c.Request != Request.Unspecified);
                    Assert.True(Enum.IsDefined(c.Agency) && c.Agency != Agency.Unspecified);
                    AssertFacts(c.Basis, c.UnknownFacts, BasisFacts.Contains);
                    break;
                default:
                    Assert.Fail("unexpected message " + entry.Message);
                    break;
            }
        }
    }

    [Fact]
    public void FramesAreLengthPrefixedSerializationsOfTheMessages()
    {
        var mix = RequestMix.Create(MixKind.Mixed, seed: 5);
        foreach (var entry in mix.Entries)
        {
            var frame = entry.Frame.Span;
            Assert.Equal(0, frame[0]);
            Assert.Equal(frame.Length - 5, (int)BinaryPrimitives.ReadUInt32BigEndian(frame[1..]));
            IMessage parsed = entry.Message is EncounterRequest
                ? EncounterRequest.Parser.ParseFrom(frame[5..].ToArray())
                : CooperationRequest.Parser.ParseFrom(frame[5..].ToArray());
            Assert.Equal(entry.Message, parsed);
        }
    }

    [Fact]
    public void TheSameSeedGivesTheSameSequenceAndAnotherSeedAnother()
    {
        var a = RequestMix.Create(MixKind.Mixed, seed: 9);
        var b = RequestMix.Create(MixKind.Mixed, seed: 9);
        var c = RequestMix.Create(MixKind.Mixed, seed: 10);

        static string[] Hex(RequestMix mix) => mix.Entries.Select(e => Convert.ToHexString(e.Frame.Span)).ToArray();

        Assert.Equal(Hex(a), Hex(b));
        Assert.NotEqual(Hex(a), Hex(c));
    }

    [Fact]
    public void RequestNumbersWrapAroundTheEntries()
    {
        var mix = RequestMix.Create(MixKind.Encounter, seed: 1, size: 100);

        Assert.Same(mix.Entries[3], mix[3]);
        Assert.Same(mix.Entries[3], mix[103]);
        Assert.Same(mix.Entries[(int)(uint.MaxValue % 100)], mix[-1]);
    }

    [Fact]
    public void TheHealthCheckIsSerializedByHand()
    {
        var overall = RequestMix.Health();
        Assert.Equal(RequestMix.HealthCheckPath, overall[0].MethodPath);
        Assert.Null(overall[0].Message);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0 }, overall[0].Frame.ToArray());

        var named = RequestMix.Health("compliance.v1.ComplianceService");
        var frame = named[0].Frame.ToArray();
        Assert.Equal(frame.Length - 5, (int)BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1)));
        var input = new CodedInputStream(frame[5..]);
        Assert.Equal(WireFormat.MakeTag(1, WireFormat.WireType.LengthDelimited), input.ReadTag());
        Assert.Equal("compliance.v1.ComplianceService", input.ReadString());
        Assert.True(input.IsAtEnd);
        Assert.Equal(MixKind.Health, RequestMix.Create(MixKind.Health, seed: 1).Kind);
    }

    private static void AssertFacts(IReadOnlyCollection<Fact> known, IReadOnlyCollection<Fact> unknown, Func<Fact, bool> belongs)
    {
        Assert.All(known, f => Assert.True(belongs(f), $"{f} does not belong"));
        Assert.All(unknown, f => Assert.True(belongs(f), $"{f} does not belong"));
        Assert.Equal(known.Count, known.Distinct().Count());
        Assert.Equal(unknown.Count, unknown.Distinct().Count());
        Assert.True(unknown.Count <= 4, "at most 4 unknown facts");
        Assert.Empty(known.Intersect(unknown));
    }
}
