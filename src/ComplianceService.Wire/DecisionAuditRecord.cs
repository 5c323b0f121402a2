using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using ComplianceService.Audit;
using ComplianceService.Contracts.V1;
using Google.Protobuf.Collections;

namespace ComplianceService.Wire;

/// <summary>
/// One answered decision's audit record, written as JSON straight from the request and the reply when the writer
/// takes it (<see cref="AuditSegmentWriter.Append{TRecord}"/>): the same bytes the serializer writes for the
/// <see cref="AuditRecord"/> it stands for, field by field in the same order, nothing allocated (but for a hashed
/// incident id, or a caller's text that needs escaping). Made by <see cref="AuditRecords"/>.
/// </summary>
/// <remarks>
/// The pieces that do not change per call are UTF-8 made once by <see cref="Utf8JsonWriter"/>: the decision template's
/// fields with the reply template (<see cref="AuditRecords.Encode"/>), the field names and the wire names per process
/// (<see cref="AuditJsonText"/>). What changes per call is copied between them: the decision id, the times, the
/// caller, the peer, the facts and the incident id, escaped by the same encoder whenever they need it. Written
/// through <see cref="Utf8JsonWriter"/> field by field, one record took 660 ns (BenchmarkDotNet, <c>WriteJson</c>),
/// as much as the rest of the decision's path; this is the same idea as the reply's bytes (<see cref="DecisionEncoding"/>),
/// and <c>AuditRecordJsonTests</c> holds it to the serializer's bytes.
/// </remarks>
public readonly struct DecisionAuditRecord : IAuditRecordJson
{
    // yyyy-MM-ddTHH:mm:ss.fffffff+hh:mm, and the index of its fraction's '.'.
    private const int DateLength = 33;
    private const int FractionDot = 19;
    private static readonly StandardFormat RoundTrip = new('O');

    private readonly AuditRecords _records;
    private readonly byte[] _method;
    private readonly EncounterRequest? _encounter;
    private readonly CooperationRequest? _cooperation;
    private readonly Decision _decision;
    private readonly string _caller;
    private readonly PeerAddress _peer;
    private readonly DateTimeOffset _time;

    internal DecisionAuditRecord(
        AuditRecords records, byte[] method, EncounterRequest? encounter, CooperationRequest? cooperation, Decision decision, string caller, PeerAddress peer, DateTimeOffset time)
    {
        _records = records;
        _method = method;
        _encounter = encounter;
        _cooperation = cooperation;
        _decision = decision;
        _caller = caller;
        _peer = peer;
        _time = time;
    }

    /// <summary>Writes the record's JSON object: the fields of <see cref="AuditRecord"/> in its order, null ones left out.</summary>
    public void WriteTo(IBufferWriter<byte> json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var decided = _decision.AuditText ?? AuditRecords.Encode(_decision);
        var line = new JsonLine(json);
        line.Put(AuditJsonText.Start);
        line.PutString(_decision.DecisionId);
        line.Put(AuditJsonText.Time);
        line.PutDate(_time);
        line.Put(_method);
        line.Put(AuditJsonText.Caller);
        line.PutString(_caller);
        line.Put(AuditJsonText.Peer);
        line.PutPeer(_peer);
        line.Put(_records.InstanceText);
        RepeatedField<Fact> facts, unknownFacts;
        Google.Protobuf.WellKnownTypes.Timestamp? asOf;
        string incidentId;
        if (_encounter is { } encounter)
        {
            line.Put(decided.Encounter);
            line.Put(AuditJsonText.Contacts[(int)encounter.Contact]);
            line.Put(AuditJsonText.Roles[(int)encounter.Role]);
            if (encounter.Crime != Crime.Unspecified)
            {
                line.Put(AuditJsonText.Crimes[(int)encounter.Crime]);
            }

            (facts, unknownFacts, asOf, incidentId) = (encounter.Facts, encounter.UnknownFacts, encounter.AsOf, encounter.IncidentId);
        }
        else
        {
            var cooperation = _cooperation!;
            line.Put(decided.Cooperation);
            line.Put(AuditJsonText.Requests[(int)cooperation.Request]);
            line.Put(AuditJsonText.Agencies[(int)cooperation.Agency]);
            (facts, unknownFacts, asOf, incidentId) = (cooperation.Basis, cooperation.UnknownFacts, cooperation.AsOf, cooperation.IncidentId);
        }

        line.Put(AuditJsonText.Facts);
        line.PutFacts(facts);
        line.Put(AuditJsonText.UnknownFacts);
        line.PutFacts(unknownFacts);
        if (asOf is not null)
        {
            line.Put(AuditJsonText.AsOf);
            line.PutDate(asOf.ToDateTimeOffset());
        }

        line.Put(decided.Outcome);
        if (_records.Incident(incidentId) is { } incident)
        {
            line.Put(AuditJsonText.IncidentId);
            line.PutString(incident);
        }

        line.Put("}"u8);
        line.Done();
    }

    // The record's bytes, put into the buffer writer's span piece by piece (a larger span when one runs out).
    private ref struct JsonLine
    {
        private readonly IBufferWriter<byte> _output;
        private Span<byte> _span;
        private int _at;

        public JsonLine(IBufferWriter<byte> output)
        {
            _output = output;
            _span = output.GetSpan(1024);
        }

        public void Put(scoped ReadOnlySpan<byte> bytes)
        {
            Ensure(bytes.Length);
            bytes.CopyTo(_span[_at..]);
            _at += bytes.Length;
        }

        // A string value, quoted; escaped as Utf8JsonWriter escapes it when it holds anything but plain ASCII.
        public void PutString(scoped ReadOnlySpan<char> text)
        {
            if (!AuditJsonText.IsPlain(text))
            {
                Put(AuditJsonText.Value(text.ToString()));
                return;
            }

            Ensure(text.Length + 2);
            _span[_at++] = (byte)'"';
            _at += Encoding.ASCII.GetBytes(text, _span[_at..]);
            _span[_at++] = (byte)'"';
        }

        // A time as Utf8JsonWriter writes a DateTimeOffset: round-trip ("O"), with the fraction's trailing zeros cut
        // (and the fraction itself when it is all zeros), quoted.
        public void PutDate(DateTimeOffset time)
        {
            Span<byte> text = stackalloc byte[DateLength];
            if (!Utf8Formatter.TryFormat(time, text, out var length, RoundTrip) || length != DateLength)
            {
                throw new InvalidOperationException("A time did not format as yyyy-MM-ddTHH:mm:ss.fffffff+hh:mm.");
            }

            var end = FractionDot + 7;
            while (end > FractionDot && text[end] == (byte)'0')
            {
                end--;
            }

            if (end == FractionDot)
            {
                end--; // no fraction: the '.' goes too
            }

            Ensure(DateLength + 2);
            _span[_at++] = (byte)'"';
            text[..(end + 1)].CopyTo(_span[_at..]);
            _at += end + 1;
            text[(FractionDot + 8)..].CopyTo(_span[_at..]);
            _at += DateLength - (FractionDot + 8);
            _span[_at++] = (byte)'"';
        }

        public void PutPeer(PeerAddress peer)
        {
            Span<char> text = stackalloc char[PeerAddress.MaxLength];
            PutString(peer.TryFormat(text, out var length) ? text[..length] : "unknown");
        }

        public void PutFacts(RepeatedField<Fact> facts)
        {
            Put("["u8);
            for (var i = 0; i < facts.Count; i++)
            {
                if (i > 0)
                {
                    Put(","u8);
                }

                Put(AuditJsonText.FactItems[(int)facts[i]]);
            }

            Put("]"u8);
        }

        public readonly void Done() => _output.Advance(_at);

        private void Ensure(int length)
        {
            if (_span.Length - _at < length)
            {
                _output.Advance(_at);
                _span = _output.GetSpan(Math.Max(length, 1024));
                _at = 0;
            }
        }
    }
}
