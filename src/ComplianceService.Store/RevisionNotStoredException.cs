namespace ComplianceService.Store;

/// <summary>An activation named a revision whose bundle is not in the store.</summary>
public sealed class RevisionNotStoredException : PolicyStoreException
{
    /// <summary>Creates the exception for <paramref name="revision"/>.</summary>
    public RevisionNotStoredException(string revision)
        : base($"No bundle is stored for revision '{revision}'; put the bundle before activating it.")
    {
        Revision = revision;
    }

    /// <summary>The revision that is not stored.</summary>
    public string Revision { get; }
}
