namespace ComplianceService.Audit;

/// <summary>A record could not be kept: the audit trail cannot be written (the cause is the inner exception).</summary>
public sealed class AuditUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
