namespace ComplianceService.Engine.Compilation.Internal;

/// <summary>What an obligation asks (vocabulary), and its deadline in seconds (0 = none).</summary>
internal sealed record ObligationDefinition(string Text, long DeadlineSeconds);
