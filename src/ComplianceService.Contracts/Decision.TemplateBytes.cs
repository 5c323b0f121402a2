namespace ComplianceService.Contracts.V1;

/// <summary>
/// Not part of the wire contract: what the server's reply encoder (ComplianceService.Wire's <c>DecisionEncoding</c>)
/// and its audit records (<c>DecisionAuditRecord</c>) need to write a decision without encoding its fixed part again
/// on every call.
/// </summary>
public sealed partial class Decision
{
    /// <summary>
    /// The bytes of this decision's template fields (every field but decision_id, depends_on, alternatives, incident_id
    /// and what_if) as protobuf writes them, set together with those fields by the server's reply builder and never
    /// changed after; null on every decision made any other way (parsed, cloned, built by hand), which is then written
    /// field by field. Not a protobuf field: never serialized, compared, hashed or cloned.
    /// </summary>
    internal DecisionTemplateBytes? TemplateBytes { get; set; }

    /// <summary>
    /// The template fields an audit record keeps, as JSON, set with <see cref="TemplateBytes"/> by the server's
    /// reply builder and never changed after; null on every decision made any other way (its record's fields are then
    /// encoded from the decision itself). Not a protobuf field.
    /// </summary>
    internal DecisionAuditText? AuditText { get; set; }
}

/// <summary>
/// A decision template's fields as its audit records keep them, as the UTF-8 of JSON fields made once
/// (<c>,"name":value</c>; enumerations by their wire names, the determining citations as "source §section").
/// </summary>
/// <param name="Encounter">An encounter's: jurisdiction and action.</param>
/// <param name="Cooperation">A cooperation request's: jurisdiction.</param>
/// <param name="Outcome">Both's: outcome, obligation codes, determining sources and policy revision.</param>
internal sealed record DecisionAuditText(byte[] Encounter, byte[] Cooperation, byte[] Outcome);

/// <summary>
/// The template fields of a <see cref="Decision"/> as protobuf writes them, in the three runs the per-call fields fall
/// between in field-number order: outcome to policy_revision (1-5), visa (9), jurisdiction to request (11-13).
/// </summary>
/// <param name="OutcomeToRevision">Fields 1-5.</param>
/// <param name="Visa">Field 9 (empty when unspecified).</param>
/// <param name="JurisdictionToRequest">Fields 11-13.</param>
internal sealed record DecisionTemplateBytes(byte[] OutcomeToRevision, byte[] Visa, byte[] JurisdictionToRequest)
{
    /// <summary>The three runs' length.</summary>
    public int Length { get; } = OutcomeToRevision.Length + Visa.Length + JurisdictionToRequest.Length;
}
