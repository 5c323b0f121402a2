namespace ComplianceService.LoadTest.Internal;

/// <summary>One call to a target as both drivers make it: a target must report failures as
/// statuses; one that throws anyway is counted (CANCELLED or UNKNOWN), never fatal to the run.</summary>
internal static class TargetCall
{
    public static async ValueTask<CallOutcome> InvokeAsync(ILoadTarget target, long index, CancellationToken cancellationToken)
    {
        try
        {
            return await target.CallAsync((int)(index & int.MaxValue), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return new CallOutcome(GrpcStatus.Cancelled);
        }
        catch (Exception)
        {
            return new CallOutcome(GrpcStatus.Unknown);
        }
    }
}
