using System.Diagnostics.CodeAnalysis;
using ComplianceService.Engine;

namespace ComplianceService.Store;

/// <summary>
/// The sink of a distribution, in the host: loads the tables from a verified bundle and swaps them in, or refuses the bundle.
/// Called by <see cref="PolicyDistributor"/> one call at a time, never concurrently. It does not log: the distributor writes
/// the one line of each activation or refusal, with the reason given here.
/// </summary>
/// <param name="activation">The activation being applied; its <see cref="ActivationRecord.Revision"/> is <c>bundle.Revision</c>.</param>
/// <param name="bundle">The bundle, already verified (do not hash it again). Copy what must outlive the call.</param>
/// <param name="refusal">Why the bundle was refused, in a few words (no trailing full stop); null when it serves.</param>
/// <returns><see langword="true"/> if the engine now serves this revision; <see langword="false"/> if it refused the bundle
/// (the previous revision keeps serving). An exception counts as a refusal.</returns>
public delegate bool BundleActivator(ActivationRecord activation, VerifiedBundle bundle, [NotNullWhen(false)] out string? refusal);
