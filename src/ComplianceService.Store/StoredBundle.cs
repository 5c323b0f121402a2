using ComplianceService.Engine;

namespace ComplianceService.Store;

/// <summary>A verified bundle read back from the last good snapshot on local disk.</summary>
/// <param name="Activation">The activation that made this bundle active.</param>
/// <param name="Bundle">The bundle; its revision is <c>Activation.Revision</c>.</param>
public sealed record StoredBundle(ActivationRecord Activation, VerifiedBundle Bundle)
{
    /// <summary>The bundle's signature (<see cref="PolicySignature"/>) kept with it, or <see langword="null"/> when unsigned.</summary>
    public string? BundleSignature { get; init; }
}
