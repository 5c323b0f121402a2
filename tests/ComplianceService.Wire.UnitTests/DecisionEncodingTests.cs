using ComplianceService.Contracts.V1;
using ComplianceService.Testing;
using Google.Protobuf;

namespace ComplianceService.Wire.UnitTests;

/// <summary>
/// The bytes a reply goes onto the wire as (<see cref="DecisionEncoding"/>: the template's bytes made at activation,
/// the per-call fields written between them) are exactly the bytes Google.Protobuf's generated serializer writes for
/// the same message, for random requests with unknown facts, what-if and incident ids of every kind.
/// </summary>
public sealed class DecisionEncodingTests
{
    private static readonly DateTime Now = RequestGenerator.Now;

    [Fact]
    public void Replies_are_written_as_the_generated_serializer_writes_them()
    {
        var served = CompiledPolicies.Served;
        var generator = new RequestGenerator(seed: 2026);
        var jurisdictions = served.Snapshot.JurisdictionIds;
        var incidentIds = new[] { "", "inc-7", "INC-ü-東京-🚓", new string('x', 300) };
        var checkedReplies = 0;
        var withUnknownFacts = 0;
        var withWhatIf = 0;
        for (var i = 0; i < 3000; i++)
        {
            Decision? reply;
            if (i % 3 == 0)
            {
                var request = generator.Cooperation(jurisdictions, maxUnknown: 3);
                request.IncidentId = incidentIds[i % incidentIds.Length];
                Assert.Null(served.CheckCooperationRequest(request, Now, out reply));
            }
            else
            {
                var request = generator.Encounter(jurisdictions, maxUnknown: 3);
                request.IncidentId = incidentIds[i % incidentIds.Length];
                Assert.Null(served.CheckEncounter(request, Now, out reply));
            }

            Assert.NotNull(reply);
            Assert.Equal(reply.ToByteArray(), Encode(reply));
            checkedReplies++;
            withUnknownFacts += reply.Alternatives.Count > 0 ? 1 : 0;
            withWhatIf += reply.WhatIf.Count > 0 ? 1 : 0;
        }

        // The per-call fields were all exercised, not only the template's bytes.
        Assert.Equal(3000, checkedReplies);
        Assert.True(withUnknownFacts > 300, $"{withUnknownFacts} replies with alternatives");
        Assert.True(withWhatIf > 100, $"{withWhatIf} replies with what-if");
    }

    [Fact]
    public void Each_decision_of_an_advice_is_written_as_the_generated_serializer_writes_it()
    {
        var (_, advice) = CompiledPolicies.Advice(seed: 7);
        foreach (var decision in advice.Decisions)
        {
            Assert.Equal(decision.ToByteArray(), Encode(decision));
        }
    }

    [Fact]
    public void A_decision_not_built_by_the_server_is_written_field_by_field()
    {
        var reply = RandomReply(seed: 11, maxUnknown: 2);

        // Parsed, or cloned: no template bytes, so the generated serializer's fields.
        var parsed = Decision.Parser.ParseFrom(reply.ToByteArray());
        parsed.Guidance = "changed after parsing";
        Assert.Equal(parsed.ToByteArray(), Encode(parsed));
        var clone = reply.Clone();
        clone.Guidance = "changed after cloning";
        Assert.Equal(clone.ToByteArray(), Encode(clone));
    }

    [Fact]
    public void A_reply_is_written_from_its_templates_bytes_not_its_fields()
    {
        // The contract DecisionEncoding relies on, shown: a reply's template fields are never changed after it is
        // built, because the encoder writes the bytes made from the template, not the fields. (Nothing in the server
        // changes a reply; this test shows that the template bytes are what goes onto the wire.)
        var reply = RandomReply(seed: 12, maxUnknown: 0);
        var before = Encode(reply);
        reply.Guidance = "not what the template says";
        Assert.Equal(before, Encode(reply));
        Assert.NotEqual(reply.ToByteArray(), Encode(reply));
    }

    // The server's reply to a random CheckEncounter.
    private static Decision RandomReply(int seed, int maxUnknown)
    {
        var served = CompiledPolicies.Served;
        var request = new RequestGenerator(seed).Encounter(served.Snapshot.JurisdictionIds, maxUnknown);
        Assert.Null(served.CheckEncounter(request, Now, out var reply));
        Assert.NotNull(reply);
        return reply;
    }

    private static byte[] Encode(Decision decision)
    {
        var bytes = new byte[DecisionEncoding.GetSize(decision)];
        DecisionEncoding.Write(decision, bytes);
        return bytes;
    }
}
