namespace ComplianceService.LoadTest;

/// <summary>The counts of one run.</summary>
/// <param name="Scheduled">Requests the run meant to send (open loop: rate x duration; closed loop: calls started).</param>
/// <param name="Sent">Requests actually handed to the target.</param>
/// <param name="Completed">Calls that returned (OK or an error status).</param>
/// <param name="Ok">Calls that returned OK.</param>
/// <param name="Backlogged">Open loop: requests that had to wait for the in-flight cap before going out.</param>
/// <param name="Abandoned">Requests never sent or calls still in flight when the drain timeout ran out;
/// not in the latency histogram.</param>
public readonly record struct LoadCounts(long Scheduled, long Sent, long Completed, long Ok, long Backlogged, long Abandoned);
