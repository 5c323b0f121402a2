using System.Text.Json.Serialization;

namespace ComplianceService.Audit;

/// <summary>The audit record's JSON, generated at build time (no reflection on the writer's path).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuditRecord))]
internal sealed partial class AuditJson : JsonSerializerContext;
