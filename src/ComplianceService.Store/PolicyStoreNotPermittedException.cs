namespace ComplianceService.Store;

/// <summary>
/// The store refused an operation to this credential (Redis answered <c>NOPERM</c>: the ACL user lacks the command, key or
/// channel), e.g. a server's read-only credential used to publish or activate. Retrying with the same credential cannot succeed.
/// </summary>
public sealed class PolicyStoreNotPermittedException : PolicyStoreException
{
    /// <summary>Creates the exception.</summary>
    public PolicyStoreNotPermittedException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
