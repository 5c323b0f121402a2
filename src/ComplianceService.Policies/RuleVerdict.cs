namespace ComplianceService.Policies;

/// <summary>What one rule did for the request.</summary>
public enum RuleVerdict
{
    /// <summary>A deciding rule whose condition held, the first of its source: the source's answer.</summary>
    Matched,

    /// <summary>A deciding rule whose condition did not hold.</summary>
    NotMatched,

    /// <summary>A deciding rule after the one that answered: not reached, whatever its condition.</summary>
    NotReached,

    /// <summary>An attach rule whose condition held: its obligations are added (those not already there).</summary>
    Attached,

    /// <summary>An attach rule whose condition did not hold.</summary>
    AttachNotMatched,

    /// <summary>An attach rule whose condition held, but the outcome is PROHIBITED and the rule is not <c>always</c>: nothing added.</summary>
    AttachWithheld,
}
