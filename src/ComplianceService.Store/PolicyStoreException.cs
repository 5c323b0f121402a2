namespace ComplianceService.Store;

/// <summary>A policy store operation failed. Client library exceptions never leave the store; this does.</summary>
public class PolicyStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PolicyStoreException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
