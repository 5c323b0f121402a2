using ComplianceService.Contracts.V1;

namespace ComplianceService.Engine.Scenarios;

/// <summary>What a scenario expects. Absent keys of the file are null and not compared, except
/// as <see cref="ScenarioComparer"/> documents.</summary>
public sealed class ScenarioExpectation
{
    /// <summary>The outcome.</summary>
    public required Outcome Outcome { get; init; }

    /// <summary>Obligation codes, compared as a set.</summary>
    public required IReadOnlyList<Obligation> Obligations { get; init; }

    /// <summary>Sources whose citation is DETERMINING, compared as a set.</summary>
    public required IReadOnlyList<string> Determining { get; init; }

    /// <summary>Sources whose citation is OVERRIDDEN, compared as a set (empty when absent).</summary>
    public IReadOnlyList<string>? Overridden { get; init; }

    /// <summary>depends_on, compared as a set (empty when absent).</summary>
    public IReadOnlyList<Fact>? DependsOn { get; init; }

    /// <summary>Alternatives: the true unknown facts of each assignment and its outcome.</summary>
    public IReadOnlyList<(IReadOnlySet<Fact> TrueFacts, Outcome Outcome)>? Alternatives { get; init; }

    /// <summary>The visa (unspecified when absent).</summary>
    public Visa? Visa { get; init; }
}
