using System.Text.Json;
using ComplianceService.Audit;

namespace ComplianceService.Wire;

/// <summary>The JSON names of an audit record's fields (<see cref="AuditRecord.Names"/>), encoded once.</summary>
internal static class AuditFieldNames
{
    public static readonly JsonEncodedText DecisionId = JsonEncodedText.Encode(AuditRecord.Names.DecisionId);
    public static readonly JsonEncodedText Time = JsonEncodedText.Encode(AuditRecord.Names.Time);
    public static readonly JsonEncodedText Method = JsonEncodedText.Encode(AuditRecord.Names.Method);
    public static readonly JsonEncodedText Caller = JsonEncodedText.Encode(AuditRecord.Names.Caller);
    public static readonly JsonEncodedText Peer = JsonEncodedText.Encode(AuditRecord.Names.Peer);
    public static readonly JsonEncodedText Instance = JsonEncodedText.Encode(AuditRecord.Names.Instance);
    public static readonly JsonEncodedText Jurisdiction = JsonEncodedText.Encode(AuditRecord.Names.Jurisdiction);
    public static readonly JsonEncodedText Action = JsonEncodedText.Encode(AuditRecord.Names.Action);
    public static readonly JsonEncodedText Request = JsonEncodedText.Encode(AuditRecord.Names.Request);
    public static readonly JsonEncodedText Agency = JsonEncodedText.Encode(AuditRecord.Names.Agency);
    public static readonly JsonEncodedText Contact = JsonEncodedText.Encode(AuditRecord.Names.Contact);
    public static readonly JsonEncodedText Role = JsonEncodedText.Encode(AuditRecord.Names.Role);
    public static readonly JsonEncodedText Crime = JsonEncodedText.Encode(AuditRecord.Names.Crime);
    public static readonly JsonEncodedText Facts = JsonEncodedText.Encode(AuditRecord.Names.Facts);
    public static readonly JsonEncodedText UnknownFacts = JsonEncodedText.Encode(AuditRecord.Names.UnknownFacts);
    public static readonly JsonEncodedText AsOf = JsonEncodedText.Encode(AuditRecord.Names.AsOf);
    public static readonly JsonEncodedText Outcome = JsonEncodedText.Encode(AuditRecord.Names.Outcome);
    public static readonly JsonEncodedText Obligations = JsonEncodedText.Encode(AuditRecord.Names.Obligations);
    public static readonly JsonEncodedText Sources = JsonEncodedText.Encode(AuditRecord.Names.Sources);
    public static readonly JsonEncodedText Revision = JsonEncodedText.Encode(AuditRecord.Names.Revision);
    public static readonly JsonEncodedText IncidentId = JsonEncodedText.Encode(AuditRecord.Names.IncidentId);
}
