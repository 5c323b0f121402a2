namespace ComplianceService.Policies.Internal;

/// <summary>Limits the compiler holds every policy and decision to.</summary>
internal static class PolicyLimits
{
    /// <summary>A guidance line fits a terminal screen (DOMAIN.md): at most 160 characters.</summary>
    public const int MaxGuidance = 160;
}
