using System.Text.Json;
using ComplianceService.Audit;
using ComplianceService.Contracts.V1;
using Google.Protobuf.Collections;

namespace ComplianceService.Wire;

/// <summary>
/// One answered decision's audit record, written as JSON straight from the request and the reply when the writer
/// takes it (<see cref="AuditSegmentWriter.Append{TRecord}"/>): the same bytes the serializer writes for the
/// <see cref="AuditRecord"/> it stands for, field by field in the same order, with nothing allocated beyond a hashed
/// incident id. Made by <see cref="AuditRecords"/>.
/// </summary>
public readonly struct DecisionAuditRecord : IAuditRecordJson
{
    private readonly AuditRecords _records;
    private readonly string _method;
    private readonly EncounterRequest? _encounter;
    private readonly CooperationRequest? _cooperation;
    private readonly Decision _decision;
    private readonly string _caller;
    private readonly PeerAddress _peer;
    private readonly DateTimeOffset _time;

    internal DecisionAuditRecord(
        AuditRecords records, string method, EncounterRequest? encounter, CooperationRequest? cooperation, Decision decision, string caller, PeerAddress peer, DateTimeOffset time)
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
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var decided = _decision.AuditText ?? AuditRecords.Encode(_decision);
        writer.WriteStartObject();
        writer.WriteString(AuditFieldNames.DecisionId, _decision.DecisionId);
        writer.WriteString(AuditFieldNames.Time, _time);
        writer.WriteString(AuditFieldNames.Method, _method);
        writer.WriteString(AuditFieldNames.Caller, _caller);
        _peer.WriteTo(writer, AuditFieldNames.Peer);
        writer.WriteString(AuditFieldNames.Instance, _records.Instance);
        writer.WriteString(AuditFieldNames.Jurisdiction, decided.Jurisdiction);
        RepeatedField<Fact> facts, unknownFacts;
        Google.Protobuf.WellKnownTypes.Timestamp? asOf;
        string incidentId;
        if (_encounter is { } encounter)
        {
            writer.WriteString(AuditFieldNames.Action, decided.Action);
            writer.WriteString(AuditFieldNames.Contact, WireNameText.Contacts[(int)encounter.Contact]);
            writer.WriteString(AuditFieldNames.Role, WireNameText.Roles[(int)encounter.Role]);
            if (encounter.Crime != Crime.Unspecified)
            {
                writer.WriteString(AuditFieldNames.Crime, WireNameText.Crimes[(int)encounter.Crime]);
            }

            (facts, unknownFacts, asOf, incidentId) = (encounter.Facts, encounter.UnknownFacts, encounter.AsOf, encounter.IncidentId);
        }
        else
        {
            var cooperation = _cooperation!;
            writer.WriteString(AuditFieldNames.Request, WireNameText.Requests[(int)cooperation.Request]);
            writer.WriteString(AuditFieldNames.Agency, WireNameText.Agencies[(int)cooperation.Agency]);
            (facts, unknownFacts, asOf, incidentId) = (cooperation.Basis, cooperation.UnknownFacts, cooperation.AsOf, cooperation.IncidentId);
        }

        WriteFacts(writer, AuditFieldNames.Facts, facts);
        WriteFacts(writer, AuditFieldNames.UnknownFacts, unknownFacts);
        if (asOf is not null)
        {
            writer.WriteString(AuditFieldNames.AsOf, asOf.ToDateTimeOffset());
        }

        writer.WriteString(AuditFieldNames.Outcome, decided.Outcome);
        WriteArray(writer, AuditFieldNames.Obligations, decided.Obligations);
        WriteArray(writer, AuditFieldNames.Sources, decided.Sources);
        writer.WriteString(AuditFieldNames.Revision, decided.Revision);
        if (_records.Incident(incidentId) is { } incident)
        {
            writer.WriteString(AuditFieldNames.IncidentId, incident);
        }

        writer.WriteEndObject();
    }

    private static void WriteFacts(Utf8JsonWriter writer, JsonEncodedText name, RepeatedField<Fact> facts)
    {
        writer.WriteStartArray(name);
        for (var i = 0; i < facts.Count; i++)
        {
            writer.WriteStringValue(WireNameText.Facts[(int)facts[i]]);
        }

        writer.WriteEndArray();
    }

    private static void WriteArray(Utf8JsonWriter writer, JsonEncodedText name, JsonEncodedText[] values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
