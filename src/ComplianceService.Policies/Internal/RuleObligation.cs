using ComplianceService.Contracts.V1;

namespace ComplianceService.Policies.Internal;

/// <summary>An obligation a rule adds, with the clause it comes from.</summary>
internal sealed record RuleObligation(Obligation Code, string Section);
