using ComplianceService.Contracts.V1;

namespace ComplianceService.Policies.Internal;

/// <summary>An obligation of a decision, with who acts on it and the clause it comes from.</summary>
internal sealed record ReferenceObligation(Obligation Code, string Text, Actor Actor, long DeadlineSeconds, string Source, string Section);
