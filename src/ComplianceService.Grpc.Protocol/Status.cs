using System.Diagnostics;

namespace ComplianceService.Grpc.Protocol;

/// <summary>The outcome of a call: a gRPC status code and an optional detail message.</summary>
[DebuggerDisplay("{StatusCode}: {Detail}")]
public readonly struct Status : IEquatable<Status>
{
    /// <summary>The status of a successful call.</summary>
    public static readonly Status DefaultSuccess = new(StatusCode.OK, string.Empty);

    /// <summary>Creates a status.</summary>
    /// <param name="statusCode">The gRPC status code.</param>
    /// <param name="detail">A human-readable message; sent as the percent-encoded <c>grpc-message</c>.</param>
    public Status(StatusCode statusCode, string detail)
    {
        StatusCode = statusCode;
        _detail = detail ?? string.Empty;
    }

    /// <summary>The gRPC status code.</summary>
    public StatusCode StatusCode { get; }

    /// <summary>The detail message (never null).</summary>
    public string Detail => _detail ?? string.Empty;

    private readonly string? _detail;

    /// <inheritdoc />
    public bool Equals(Status other) => StatusCode == other.StatusCode && string.Equals(Detail, other.Detail, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Status other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StatusCode, Detail);

    /// <inheritdoc />
    public override string ToString() => $"Status(StatusCode=\"{StatusCode}\", Detail=\"{Detail}\")";

    /// <summary>Equality.</summary>
    public static bool operator ==(Status left, Status right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Status left, Status right) => !left.Equals(right);
}
