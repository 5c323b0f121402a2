using ComplianceService.Contracts.V1;

namespace ComplianceService.Scenarios;

/// <summary>One acceptance scenario: a request and what the answer must be.</summary>
public sealed class Scenario
{
    /// <summary>Unique name, e.g. "rp-inquire-solely".</summary>
    public required string Name { get; init; }

    /// <summary>Why the scenario exists.</summary>
    public required string Why { get; init; }

    /// <summary>The RPC: CheckEncounter or CheckCooperationRequest.</summary>
    public required string Rpc { get; init; }

    /// <summary>Set for CheckEncounter.</summary>
    public EncounterRequest? Encounter { get; init; }

    /// <summary>Set for CheckCooperationRequest.</summary>
    public CooperationRequest? Cooperation { get; init; }

    /// <summary>The expected answer.</summary>
    public required ScenarioExpectation Expect { get; init; }

    /// <summary>The unknown facts of the request.</summary>
    public IReadOnlyList<Fact> UnknownFacts => (IReadOnlyList<Fact>?)Encounter?.UnknownFacts ?? Cooperation!.UnknownFacts;

    /// <summary>The facts the request gives as true (encounter <c>facts</c>, cooperation <c>basis</c>).</summary>
    public IReadOnlyList<Fact> KnownFacts => (IReadOnlyList<Fact>?)Encounter?.Facts ?? Cooperation!.Basis;

    /// <summary>Whether the request sets include_what_if.</summary>
    public bool IncludeWhatIf => Encounter?.IncludeWhatIf ?? Cooperation!.IncludeWhatIf;

    /// <inheritdoc />
    public override string ToString() => Name;
}
