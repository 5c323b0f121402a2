namespace ComplianceService.Store;

/// <summary>The outcome of checking a policy signature (<see cref="PolicySignatureVerifier"/>).</summary>
public enum SignatureCheck
{
    /// <summary>A trusted key signed exactly these fields.</summary>
    Valid,

    /// <summary>There is no signature.</summary>
    Missing,

    /// <summary>There is a signature, but no trusted key signed these fields with it (altered fields, another key, or garbage).</summary>
    Invalid,
}
