using ComplianceService.Contracts.V1;
using ComplianceService.Wire;
using Google.Protobuf;

namespace ComplianceService.Scenarios;

/// <summary>Decides a scenario's request as the server does and compares the answer with the scenario.</summary>
public static class ScenarioRunner
{
    /// <summary>
    /// Runs <paramref name="scenario"/> against <paramref name="policy"/> through the gRPC adapter,
    /// as the server's handler does (the same request reader with the scenario's whole request,
    /// include_what_if and unknown_facts too; the same reply, serialized and parsed back), and lists the
    /// mismatches (<see cref="ScenarioComparer"/>). A refused request is one mismatch naming the field.
    /// </summary>
    public static ScenarioResult Run(ServedPolicy policy, Scenario scenario, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(scenario);
        var error = scenario.Encounter is { } encounter
            ? policy.CheckEncounter(encounter, nowUtc, out var reply)
            : policy.CheckCooperationRequest(scenario.Cooperation!, nowUtc, out reply);
        if (error is not null)
        {
            return new ScenarioResult(scenario, [$"request refused: {error.Message}"]);
        }

        // Compared as a client receives it: written as the server writes it, and parsed back.
        var bytes = new byte[DecisionEncoding.GetSize(reply!)];
        DecisionEncoding.Write(reply!, bytes);
        var decision = Decision.Parser.ParseFrom(bytes);
        return new ScenarioResult(scenario, ScenarioComparer.Compare(scenario, decision));
    }

    /// <summary>Runs every scenario of <paramref name="scenarios"/>, in order.</summary>
    public static IReadOnlyList<ScenarioResult> RunAll(ServedPolicy policy, IEnumerable<Scenario> scenarios, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        var results = new List<ScenarioResult>();
        foreach (var scenario in scenarios)
        {
            results.Add(Run(policy, scenario, nowUtc));
        }

        return results;
    }
}
