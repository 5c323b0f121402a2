namespace ComplianceService.Engine;

/// <summary>A bundle could not be loaded: bad bytes, wrong revision, unknown format, or
/// inconsistent content. The snapshot in service stays in service.</summary>
public sealed class PolicyBundleException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PolicyBundleException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public PolicyBundleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
