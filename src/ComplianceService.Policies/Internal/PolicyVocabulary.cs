using ComplianceService.Contracts.V1;

namespace ComplianceService.Policies.Internal;

/// <summary>The vocabulary section of the root policy file.</summary>
internal sealed class PolicyVocabulary
{
    public Dictionary<Obligation, ObligationDefinition> Obligations { get; } = [];
    public Dictionary<string, Condition> Predicates { get; } = new(StringComparer.Ordinal);

    /// <summary>Fact number -> a condition under which the fact also counts as true (e.g.
    /// STATUS_IN_QUESTION whenever ICE_DETAINER or IMMIGRATION_WARRANT). Rules reading the fact
    /// read the condition too.</summary>
    public Dictionary<int, Condition> Implications { get; } = [];

    /// <summary>Indexed by crime number; unspecified for crime 0.</summary>
    public Visa[] CrimeVisa { get; } = new Visa[8];
    public string NotAddressedGuidance { get; set; } = "";
}
