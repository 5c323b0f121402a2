namespace ComplianceService.Engine;

/// <summary>The status a host maps a validation error to.</summary>
public enum ValidationErrorKind
{
    /// <summary>gRPC INVALID_ARGUMENT: a field is missing, unknown or out of range.</summary>
    InvalidArgument = 1,

    /// <summary>gRPC NOT_FOUND: the jurisdiction is not served.</summary>
    NotFound = 2,
}
