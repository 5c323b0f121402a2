namespace ComplianceService.LoadTest;

/// <summary>gRPC status codes as the load tester reports them, with their canonical names.</summary>
public static class GrpcStatus
{
    /// <summary>OK.</summary>
    public const int Ok = 0;

    /// <summary>CANCELLED.</summary>
    public const int Cancelled = 1;

    /// <summary>UNKNOWN.</summary>
    public const int Unknown = 2;

    /// <summary>DEADLINE_EXCEEDED.</summary>
    public const int DeadlineExceeded = 4;

    /// <summary>PERMISSION_DENIED.</summary>
    public const int PermissionDenied = 7;

    /// <summary>UNIMPLEMENTED.</summary>
    public const int Unimplemented = 12;

    /// <summary>INTERNAL.</summary>
    public const int Internal = 13;

    /// <summary>UNAVAILABLE.</summary>
    public const int Unavailable = 14;

    /// <summary>UNAUTHENTICATED.</summary>
    public const int Unauthenticated = 16;

    private static readonly string[] Names =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
        "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
        "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
        "UNAUTHENTICATED",
    ];

    /// <summary>The canonical name of a status code, e.g. 14 = "UNAVAILABLE"; "CODE_n" for others.</summary>
    /// <param name="code">The status code.</param>
    /// <returns>The name.</returns>
    public static string Name(int code) =>
        (uint)code < (uint)Names.Length ? Names[code] : "CODE_" + code.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The gRPC status a client derives from a non-200 HTTP status (gRPC's
    /// http-grpc-status-mapping: 400 INTERNAL, 401 UNAUTHENTICATED, 403 PERMISSION_DENIED,
    /// 404 UNIMPLEMENTED, 429/502/503/504 UNAVAILABLE, anything else UNKNOWN).</summary>
    /// <param name="httpStatus">The HTTP status code.</param>
    /// <returns>The gRPC status code.</returns>
    public static int FromHttpStatus(int httpStatus) => httpStatus switch
    {
        400 => Internal,
        401 => Unauthenticated,
        403 => PermissionDenied,
        404 => Unimplemented,
        429 or 502 or 503 or 504 => Unavailable,
        _ => Unknown,
    };
}
