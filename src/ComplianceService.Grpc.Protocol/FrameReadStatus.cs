namespace ComplianceService.Grpc.Protocol;

/// <summary>What <see cref="GrpcFrame.TryReadMessage"/> found at the start of a buffer.</summary>
public enum FrameReadStatus
{
    /// <summary>A whole message was read.</summary>
    Complete,
    /// <summary>The buffer holds less than one whole message: read more.</summary>
    NeedMoreData,
    /// <summary>The length prefix is larger than the receive limit (RESOURCE_EXHAUSTED).</summary>
    MessageTooLarge,
    /// <summary>The compressed-flag byte is neither 0 nor 1 (INTERNAL).</summary>
    InvalidCompressedFlag,
}
