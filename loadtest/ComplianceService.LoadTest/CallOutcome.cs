namespace ComplianceService.LoadTest;

/// <summary>The result of one call: its gRPC status code (0 = OK).</summary>
/// <param name="StatusCode">The gRPC status code, 0..16 (see <see cref="GrpcStatus"/>).</param>
public readonly record struct CallOutcome(int StatusCode)
{
    /// <summary>The call succeeded.</summary>
    public static CallOutcome Ok => default;

    /// <summary>True when the status is OK.</summary>
    public bool IsOk => StatusCode == GrpcStatus.Ok;
}
