namespace ComplianceService.LoadTest.UnitTests;

/// <summary>How the stub gRPC server answers.</summary>
public sealed record StubBehaviour
{
    /// <summary>The request number (1-based) that starts the one stall; 0 for none.</summary>
    public int StallAtRequest { get; init; }

    /// <summary>How long every request arriving during the stall is held.</summary>
    public TimeSpan StallFor { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The grpc-status to answer.</summary>
    public int GrpcStatus { get; init; }

    /// <summary>Answer trailers-only (status in the headers, no body).</summary>
    public bool TrailersOnly { get; init; }

    /// <summary>An HTTP status other than 200 to answer with, or 0.</summary>
    public int HttpStatus { get; init; }

    /// <summary>Hold every request this long.</summary>
    public TimeSpan Delay { get; init; }
}
