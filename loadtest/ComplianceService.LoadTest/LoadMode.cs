namespace ComplianceService.LoadTest;

/// <summary>How load is offered.</summary>
public enum LoadMode
{
    /// <summary>On a fixed schedule at a target rate, whatever the server does; latency is
    /// measured from each request's intended send time, so stalls are not hidden
    /// (no coordinated omission).</summary>
    Open,

    /// <summary>N callers, each sending its next call when the last one returns; latency is
    /// measured per call. Shows capacity, hides queueing behind a stall.</summary>
    Closed,
}
