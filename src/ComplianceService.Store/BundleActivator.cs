namespace ComplianceService.Store;

/// <summary>
/// The engine side of a distribution: try to build and swap in a snapshot from verified bundle bytes.
/// Called by <see cref="PolicyDistributor"/> one call at a time, never concurrently.
/// </summary>
/// <param name="activation">The activation being applied (its <see cref="ActivationRecord.Revision"/> is the SHA-256 of <paramref name="bundle"/>).</param>
/// <param name="bundle">The bundle bytes, already verified against the revision. Copy what must outlive the call.</param>
/// <returns><see langword="true"/> if the engine now serves this revision; <see langword="false"/> if it refused the bundle
/// (the previous revision keeps serving). An exception counts as a refusal.</returns>
public delegate bool BundleActivator(ActivationRecord activation, ReadOnlyMemory<byte> bundle);
