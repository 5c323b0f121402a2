namespace ComplianceService.Scenarios;

/// <summary>How one scenario fared against a policy snapshot.</summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="Mismatches">Every difference between the answer and the expectation; empty when it passed.</param>
public sealed record ScenarioResult(Scenario Scenario, IReadOnlyList<string> Mismatches)
{
    /// <summary>True when the answer met the expectation.</summary>
    public bool Passed => Mismatches.Count == 0;
}
