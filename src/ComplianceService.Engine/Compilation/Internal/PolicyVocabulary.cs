using ComplianceService.Contracts.V1;

namespace ComplianceService.Engine.Compilation.Internal;

/// <summary>The vocabulary section of the root policy file.</summary>
internal sealed class PolicyVocabulary
{
    public Dictionary<Obligation, ObligationDefinition> Obligations { get; } = [];
    public Dictionary<string, Condition> Predicates { get; } = new(StringComparer.Ordinal);

    /// <summary>Indexed by crime number; unspecified for crime 0.</summary>
    public Visa[] CrimeVisa { get; } = new Visa[8];
    public string NotAddressedGuidance { get; set; } = "";
}
