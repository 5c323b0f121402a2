namespace ComplianceService.LoadTest;

/// <summary>
/// What the load tester calls: one unary RPC per invocation. Implementations own their
/// connections and the (pre-serialized or typed) requests of a <see cref="RequestMix"/>.
/// </summary>
/// <remarks>
/// Called concurrently from many threads. Must not throw for RPC failures: report them as a
/// gRPC status in the <see cref="CallOutcome"/> (an exception that escapes is counted as
/// UNKNOWN). The load tester measures the time around the call; the target measures nothing.
/// </remarks>
public interface ILoadTarget
{
    /// <summary>Makes one call.</summary>
    /// <param name="requestIndex">The request's sequence number in the run (0, 1, 2, ...); pick the
    /// request with <c>mix[requestIndex]</c> so that every target sends the same sequence.</param>
    /// <param name="cancellationToken">Cancelled when the run abandons calls still in flight.</param>
    /// <returns>The call's gRPC status.</returns>
    ValueTask<CallOutcome> CallAsync(int requestIndex, CancellationToken cancellationToken);
}
