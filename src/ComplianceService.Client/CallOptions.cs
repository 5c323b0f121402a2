using ComplianceService.Grpc.Protocol;

namespace ComplianceService.Client;

/// <summary>Per-call options: deadline, request metadata and cancellation.</summary>
public readonly struct CallOptions
{
    /// <summary>Creates call options.</summary>
    /// <param name="headers">Custom metadata to send (<c>-bin</c> keys are base64-encoded).</param>
    /// <param name="deadline">The UTC instant by which the call must finish; sent as <c>grpc-timeout</c>.</param>
    /// <param name="cancellationToken">Cancels the call (the stream is reset).</param>
    public CallOptions(Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default)
    {
        Headers = headers;
        Deadline = deadline;
        CancellationToken = cancellationToken;
    }

    /// <summary>Custom metadata to send, or null.</summary>
    public Metadata? Headers { get; }

    /// <summary>The UTC deadline, or null for none.</summary>
    public DateTime? Deadline { get; }

    /// <summary>Cancels the call.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>These options with a deadline <paramref name="timeout"/> from now.</summary>
    public CallOptions WithTimeout(TimeSpan timeout) => new(Headers, DateTime.UtcNow + timeout, CancellationToken);

    /// <summary>These options with <paramref name="deadline"/> (UTC).</summary>
    public CallOptions WithDeadline(DateTime deadline) => new(Headers, deadline, CancellationToken);

    /// <summary>These options with <paramref name="headers"/>.</summary>
    public CallOptions WithHeaders(Metadata headers) => new(headers, Deadline, CancellationToken);

    /// <summary>These options with <paramref name="cancellationToken"/>.</summary>
    public CallOptions WithCancellationToken(CancellationToken cancellationToken) => new(Headers, Deadline, cancellationToken);
}
