namespace ComplianceService.Policies;

/// <summary>Why an obligation is part of a decision.</summary>
public enum ObligationOrigin
{
    /// <summary>The determining answer's rule lists it.</summary>
    Determining,

    /// <summary>OBTAIN_APPROVAL: the outcome is REQUIRED and a source not overridden answered APPROVAL_REQUIRED.</summary>
    Approval,

    /// <summary>An attach rule whose condition held adds it.</summary>
    Attached,
}
