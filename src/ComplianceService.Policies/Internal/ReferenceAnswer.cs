using ComplianceService.Contracts.V1;

namespace ComplianceService.Policies.Internal;

/// <summary>What one source answered (its first matching deciding rule) and how that answer
/// relates to the final outcome.</summary>
internal sealed record ReferenceAnswer(RuleModel Rule, Effect Effect)
{
    public SourceModel Source => Rule.Source;

    public Outcome Outcome => Rule.Outcome;
    public Provenance Provenance => Rule.Provenance;
}
