using System.Buffers;

namespace ComplianceService.Audit;

/// <summary>
/// One audit record as the writer takes it: something that writes the record's JSON object. An
/// <see cref="AuditRecord"/> writes itself through the serializer; the server writes a decision's record straight from
/// the request and the reply (ComplianceService.Wire's <c>DecisionAuditRecord</c>), the same bytes the serializer
/// writes for the same record, without making the record object first.
/// </summary>
public interface IAuditRecordJson
{
    /// <summary>Writes the record's JSON object (one value, UTF-8) to <paramref name="json"/>.</summary>
    void WriteTo(IBufferWriter<byte> json);
}
