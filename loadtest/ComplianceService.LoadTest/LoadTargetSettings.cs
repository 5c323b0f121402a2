namespace ComplianceService.LoadTest;

/// <summary>How a target connects and calls.</summary>
public sealed record LoadTargetSettings
{
    /// <summary>HTTP/2 connections to spread calls over (round-robin by request number). Default 1.</summary>
    public int Connections { get; init; } = 1;

    /// <summary>The per-call deadline (sent as grpc-timeout and enforced locally as
    /// DEADLINE_EXCEEDED), or null for none.</summary>
    public TimeSpan? Deadline { get; init; }

    /// <summary>Throws when the settings cannot drive a target (no connection, a deadline not in the future).</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Connections, 1);
        if (Deadline is { } deadline)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(deadline, TimeSpan.Zero);
        }
    }
}
