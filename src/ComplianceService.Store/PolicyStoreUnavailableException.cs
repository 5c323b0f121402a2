namespace ComplianceService.Store;

/// <summary>The policy store (Redis) could not be reached or did not answer in time.</summary>
public sealed class PolicyStoreUnavailableException : PolicyStoreException
{
    /// <summary>Creates the exception.</summary>
    public PolicyStoreUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
