namespace ComplianceService.Grpc.Protocol;

/// <summary>The statuses one side (server reading requests, client reading responses) reports for broken frames.</summary>
/// <param name="IncompleteMessage">The stream ended inside a frame.</param>
/// <param name="InvalidCompressedFlag">A frame's first byte was neither 0 nor 1.</param>
public sealed record FrameErrors(Status IncompleteMessage, Status InvalidCompressedFlag)
{
    /// <summary>The status for a frame that could not be read.</summary>
    public Status For(FrameReadStatus frame, uint length, int maxMessageSize) => frame == FrameReadStatus.MessageTooLarge
        ? new Status(StatusCode.ResourceExhausted, $"Received message larger than max ({length} vs. {maxMessageSize})")
        : InvalidCompressedFlag;
}
