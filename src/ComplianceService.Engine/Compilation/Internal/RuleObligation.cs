using ComplianceService.Contracts.V1;

namespace ComplianceService.Engine.Compilation.Internal;

/// <summary>An obligation a rule adds, with the clause it comes from.</summary>
internal sealed record RuleObligation(Obligation Code, string Section);
