namespace ComplianceService.Wire;

/// <summary>The gRPC status a host answers a <see cref="RequestError"/> with.</summary>
public enum RequestErrorKind
{
    /// <summary>INVALID_ARGUMENT: a field is missing, unknown or out of range.</summary>
    InvalidArgument = 1,

    /// <summary>NOT_FOUND: the jurisdiction is not served.</summary>
    NotFound = 2,
}
