using System.Buffers;
using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ComplianceService.Audit;
using ComplianceService.Contracts.V1;
using ComplianceService.Testing;
using Google.Protobuf.Reflection;

namespace ComplianceService.Wire.UnitTests;

/// <summary>
/// A decision's audit record as the server writes it (<see cref="DecisionAuditRecord"/>: JSON straight from the request
/// and the reply) is byte for byte what System.Text.Json writes for the <see cref="AuditRecord"/> an auditor expects:
/// built here from the request and the reply with the contract's own enum names (the protobuf descriptors), not with the
/// server's tables. So the trail keeps the same lines it kept when the server made and serialized record objects.
/// </summary>
public sealed class AuditRecordJsonTests
{
    private const string Instance = "server-1";
    private static readonly DateTime Now = RequestGenerator.Now;
    private static readonly DateTimeOffset Time = new DateTimeOffset(2026, 12, 1, 4, 30, 15, 123, TimeSpan.Zero).AddTicks(4567);
    private static readonly PeerAddress Peer = new(IPAddress.Loopback, 50000);

    [Fact]
    public void Records_of_random_decisions_are_the_serializers_bytes_of_the_expected_record()
    {
        var served = CompiledPolicies.Served;
        var records = new AuditRecords(Instance, null);
        var generator = new RequestGenerator(seed: 4242);
        var jurisdictions = served.Snapshot.JurisdictionIds;
        var callers = new[] { "anonymous", "CN=cad-01, O=\"Roeland Park\", C=US", "dispatch-é-東京" };
        var withCrime = 0;
        var withAsOf = 0;
        var withSources = 0;
        for (var i = 0; i < 2000; i++)
        {
            var caller = callers[i % callers.Length];
            if (i % 3 == 0)
            {
                var request = generator.Cooperation(jurisdictions, maxUnknown: 3);
                var reply = Decide(request);
                var expected = ExpectedCooperation(request, reply, caller);
                Assert.Equal(AuditTrail.ToJson(expected), Json(records.Cooperation(request, reply, caller, Peer, Time)));
                withAsOf += expected.AsOf is null ? 0 : 1;
                withSources += expected.Sources.Count > 0 ? 1 : 0;
            }
            else
            {
                var request = generator.Encounter(jurisdictions, maxUnknown: 3);
                var reply = Decide(request);
                var expected = ExpectedEncounter(request, reply, caller, "CheckEncounter");
                Assert.Equal(AuditTrail.ToJson(expected), Json(records.Encounter(request, reply, caller, Peer, Time)));
                withCrime += expected.Crime is null ? 0 : 1;
                withAsOf += expected.AsOf is null ? 0 : 1;
                withSources += expected.Sources.Count > 0 ? 1 : 0;
            }
        }

        // The optional fields were exercised both ways.
        Assert.InRange(withCrime, 100, 1300);
        Assert.InRange(withAsOf, 100, 1900);
        Assert.InRange(withSources, 100, 2000);
    }

    [Fact]
    public void The_record_of_a_known_decision_names_what_was_asked_and_decided()
    {
        // Roeland Park: verifying a suspect's status at a traffic stop on a state charge needs a supervisor's approval
        // under the directive's III.a (scenarios/public.yaml).
        var request = new EncounterRequest
        {
            Jurisdiction = "us-ks-roeland-park",
            Action = Contracts.V1.Action.VerifyStatus,
            Contact = Contact.TrafficStop,
            Role = Role.Suspect,
            Facts = { Fact.StateCharge },
            IncidentId = "CAD-2026-000123",
        };
        var reply = Decide(request);
        var json = Json(new AuditRecords(Instance, null).Encounter(request, reply, "CN=cad-01", new PeerAddress(IPAddress.Parse("10.1.2.3"), 41000), Time));
        var record = AuditTrail.Parse(json);

        Assert.NotNull(record);
        Assert.Equal(reply.DecisionId, record.DecisionId);
        Assert.Equal(Time, record.Time);
        Assert.Equal("CheckEncounter", record.Method);
        Assert.Equal("CN=cad-01", record.Caller);
        Assert.Equal("ipv4:10.1.2.3:41000", record.Peer);
        Assert.Equal(Instance, record.Instance);
        Assert.Equal("us-ks-roeland-park", record.Jurisdiction);
        Assert.Equal("ACTION_VERIFY_STATUS", record.Action);
        Assert.Equal("CONTACT_TRAFFIC_STOP", record.Contact);
        Assert.Equal("ROLE_SUSPECT", record.Role);
        Assert.Null(record.Crime);
        Assert.Equal(["FACT_STATE_CHARGE"], record.Facts);
        Assert.Empty(record.UnknownFacts);
        Assert.Null(record.AsOf);
        Assert.Equal("OUTCOME_APPROVAL_REQUIRED", record.Outcome);
        Assert.Equal(["rp/directive §III.a"], record.Sources);
        Assert.Equal(CompiledPolicies.Served.Revision, record.Revision);
        Assert.Equal("CAD-2026-000123", record.IncidentId);
        Assert.Null(record.Request);
        Assert.Null(record.Access);
    }

    [Fact]
    public void A_hashed_incident_id_is_the_keyed_hash_and_never_the_id()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var request = new RequestGenerator(seed: 5).Encounter(CompiledPolicies.Served.Snapshot.JurisdictionIds, maxUnknown: 1);
        request.IncidentId = "CAD-2026-000123";
        var reply = Decide(request);

        var json = Json(new AuditRecords(Instance, key).Encounter(request, reply, "anonymous", Peer, Time));

        var expected = "hmac-sha256:" + Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("CAD-2026-000123")));
        Assert.Equal(expected, AuditTrail.Parse(json)!.IncidentId);
        Assert.DoesNotContain("CAD-2026-000123", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_decision_of_an_advice_is_recorded_under_AdviseEncounter()
    {
        var (request, advice) = CompiledPolicies.Advice(seed: 8);
        var records = new AuditRecords(Instance, null);
        foreach (var decision in advice.Decisions)
        {
            var expected = ExpectedEncounter(request, decision, "anonymous", "AdviseEncounter");
            Assert.Equal(AuditTrail.ToJson(expected), Json(records.Encounter(request, decision, "anonymous", Peer, Time, "AdviseEncounter")));
        }
    }

    [Fact]
    public void A_decision_not_built_by_the_server_is_recorded_from_its_own_fields()
    {
        var served = CompiledPolicies.Served;
        var request = new RequestGenerator(seed: 9).Encounter(served.Snapshot.JurisdictionIds, maxUnknown: 2);
        var reply = Decide(request);

        // A parsed copy carries no template text: its record is encoded from its fields, and is the same.
        var parsed = Decision.Parser.ParseFrom(Google.Protobuf.MessageExtensions.ToByteArray(reply));
        var records = new AuditRecords(Instance, null);
        Assert.Equal(Json(records.Encounter(request, reply, "anonymous", Peer, Time)), Json(records.Encounter(request, parsed, "anonymous", Peer, Time)));
        Assert.Equal(AuditTrail.ToJson(ExpectedEncounter(request, parsed, "anonymous", "CheckEncounter")), Json(records.Encounter(request, parsed, "anonymous", Peer, Time)));
    }

    [Theory]
    [InlineData("127.0.0.1", 50000, "ipv4:127.0.0.1:50000")]
    [InlineData("::1", 443, "ipv6:[::1]:443")]
    [InlineData("::ffff:10.0.0.7", 8443, "ipv6:[::ffff:10.0.0.7]:8443")]
    [InlineData("fe80::1%3", 1, "ipv6:[fe80::1%3]:1")]
    public void The_peer_is_named_as_grpc_names_it(string address, int port, string expected)
    {
        // grpc/doc/naming.md, as Grpc.AspNetCore's ServerCallContext.Peer names it.
        Assert.Equal(expected, new PeerAddress(IPAddress.Parse(address), port).ToString());
    }

    [Fact]
    public void A_peer_without_an_address_is_unknown()
    {
        // An in-memory test server's connection has none; gRPC names that "unknown".
        Assert.Equal("unknown", new PeerAddress(null, 0).ToString());
    }

    [Fact]
    public void Writing_a_record_of_a_reply_allocates_nothing()
    {
        var served = CompiledPolicies.Served;
        var request = new RequestGenerator(seed: 10).Encounter(served.Snapshot.JurisdictionIds, maxUnknown: 2);
        var reply = Decide(request);
        var record = new AuditRecords(Instance, null).Encounter(request, reply, "CN=cad-01", Peer, Time);
        var buffer = new ArrayBufferWriter<byte>(4096);

        void Write()
        {
            buffer.ResetWrittenCount();
            record.WriteTo(buffer);
        }

        for (var i = 0; i < 100; i++)
        {
            Write(); // warm up: JIT tiers, statics
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Write();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(buffer.WrittenCount > 300);
    }

    [Fact]
    public void Times_are_written_as_the_serializer_writes_them()
    {
        var request = new RequestGenerator(seed: 11).Encounter(CompiledPolicies.Served.Snapshot.JurisdictionIds, maxUnknown: 0);
        var reply = Decide(request);
        var records = new AuditRecords(Instance, null);
        var second = new DateTimeOffset(2026, 12, 1, 4, 30, 15, TimeSpan.Zero);
        var random = new Random(12);
        long[] fractions = [0, 1, 10, 1_000, 1_200_000, 1_234_567, 9_999_999, 5_000_000, 100];
        foreach (var ticks in fractions.Concat(Enumerable.Range(0, 200).Select(_ => random.NextInt64(TimeSpan.TicksPerSecond))))
        {
            foreach (var offset in new[] { TimeSpan.Zero, TimeSpan.FromHours(5.5), TimeSpan.FromHours(-7) })
            {
                var time = new DateTimeOffset(second.DateTime.AddTicks(ticks), offset);
                request.AsOf = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(time);
                var expected = ExpectedEncounter(request, reply, "anonymous", "CheckEncounter") with { Time = time };
                Assert.Equal(AuditTrail.ToJson(expected), Json(records.Encounter(request, reply, "anonymous", Peer, time)));
            }
        }
    }

    [Fact]
    public void Plain_text_is_exactly_what_the_encoder_leaves_as_it_is()
    {
        // The one shortcut of the record's writer: a string of these characters is copied, not encoded.
        for (var c = (char)0; c < 0x250; c++)
        {
            var text = "a" + c + "z";
            Assert.True(
                AuditJsonText.IsPlain(text) == (JsonEncodedText.Encode(text).ToString() == text),
                $"U+{(int)c:X4}: the writer and System.Text.Json's encoder disagree on whether it is escaped");
        }
    }

    private static AuditRecord ExpectedEncounter(EncounterRequest request, Decision reply, string caller, string method) =>
        Expected(reply, caller, method, request.Facts, request.UnknownFacts, request.AsOf, request.IncidentId) with
        {
            Action = Name(reply.Action),
            Contact = Name(request.Contact),
            Role = Name(request.Role),
            Crime = request.Crime == Crime.Unspecified ? null : Name(request.Crime),
        };

    private static AuditRecord ExpectedCooperation(CooperationRequest request, Decision reply, string caller) =>
        Expected(reply, caller, "CheckCooperationRequest", request.Basis, request.UnknownFacts, request.AsOf, request.IncidentId) with
        {
            Request = Name(request.Request),
            Agency = Name(request.Agency),
        };

    // The fields both kinds of record have.
    private static AuditRecord Expected(
        Decision reply, string caller, string method, IEnumerable<Fact> facts, IEnumerable<Fact> unknownFacts, Google.Protobuf.WellKnownTypes.Timestamp? asOf, string incidentId) => new()
    {
        DecisionId = reply.DecisionId,
        Time = Time,
        Method = method,
        Caller = caller,
        Peer = "ipv4:127.0.0.1:50000",
        Instance = Instance,
        Jurisdiction = reply.Jurisdiction,
        Facts = [.. facts.Select(f => Name(f))],
        UnknownFacts = [.. unknownFacts.Select(f => Name(f))],
        AsOf = asOf?.ToDateTimeOffset(),
        Outcome = Name(reply.Outcome),
        Obligations = [.. reply.Obligations.Select(o => Name(o.Code))],
        Sources = [.. reply.Citations.Where(c => c.Effect == Effect.Determining).Select(c => c.Source + " §" + c.Section)],
        Revision = reply.PolicyRevision,
        IncidentId = incidentId.Length == 0 ? null : incidentId,
    };

    // The server's reply to a request it answers.
    private static Decision Decide(EncounterRequest request)
    {
        Assert.Null(CompiledPolicies.Served.CheckEncounter(request, Now, out var reply));
        return reply!;
    }

    private static Decision Decide(CooperationRequest request)
    {
        Assert.Null(CompiledPolicies.Served.CheckCooperationRequest(request, Now, out var reply));
        return reply!;
    }

    // The enum value's name in the .proto file (ACTION_VERIFY_STATUS), from the generated code's attribute.
    private static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        typeof(TEnum).GetField(value.ToString())!.GetCustomAttribute<OriginalNameAttribute>()!.Name;

    private static string Json(DecisionAuditRecord record)
    {
        // A small first buffer, so that the record is written across several spans.
        var buffer = new ArrayBufferWriter<byte>(16);
        record.WriteTo(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
