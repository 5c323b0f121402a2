using ComplianceService.Contracts.V1;

namespace ComplianceService.Policies.Internal;

/// <summary>What an obligation asks (vocabulary), who acts on it, and its deadline in seconds (0 = none).</summary>
internal sealed record ObligationDefinition(string Text, Actor Actor, long DeadlineSeconds);
