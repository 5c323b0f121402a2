namespace ComplianceService.Store;

/// <summary>The bytes stored for a revision do not hash to it: the bundle is damaged, and activating it was refused.</summary>
public sealed class BundleDamagedException : PolicyStoreException
{
    /// <summary>Creates the exception for <paramref name="revision"/>.</summary>
    public BundleDamagedException(string revision)
        : base($"The bundle stored for revision '{revision}' is damaged (its bytes do not hash to the revision); put the bundle again before activating it.")
    {
        Revision = revision;
    }

    /// <summary>The revision whose stored bundle is damaged.</summary>
    public string Revision { get; }
}
