using ComplianceService.Contracts.V1;

namespace ComplianceService.Engine.Compilation.Internal;

/// <summary>An obligation of a decision, with the clause it comes from.</summary>
internal sealed record ReferenceObligation(Obligation Code, string Text, long DeadlineSeconds, string Source, string Section);
