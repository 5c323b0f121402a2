namespace ComplianceService.Engine.Scenarios;

/// <summary>Decides a scenario's request with a policy snapshot and compares the answer with the scenario.</summary>
public static class ScenarioRunner
{
    /// <summary>
    /// Runs <paramref name="scenario"/> against <paramref name="snapshot"/> as the server would (same engine call
    /// with the scenario's whole request, include_what_if and unknown_facts too; same wire message) and lists the
    /// mismatches (<see cref="ScenarioComparer"/>). A request the engine refuses as invalid is one mismatch naming
    /// the field.
    /// </summary>
    public static ScenarioResult Run(PolicySnapshot snapshot, Scenario scenario, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(scenario);
        var decision = scenario.Encounter is { } encounter
            ? snapshot.CheckEncounter(encounter, nowUtc)
            : snapshot.CheckCooperationRequest(scenario.Cooperation!, nowUtc);
        if (!decision.IsValid)
        {
            return new ScenarioResult(scenario, [$"request refused: {decision.Error!.Field}: {decision.Error.Message}"]);
        }

        return new ScenarioResult(scenario, ScenarioComparer.Compare(scenario, decision.ToMessage(scenario.Name, null)));
    }

    /// <summary>Runs every scenario of <paramref name="scenarios"/>, in order.</summary>
    public static IReadOnlyList<ScenarioResult> RunAll(PolicySnapshot snapshot, IEnumerable<Scenario> scenarios, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        var results = new List<ScenarioResult>();
        foreach (var scenario in scenarios)
        {
            results.Add(Run(snapshot, scenario, nowUtc));
        }

        return results;
    }
}
