using ComplianceService.Contracts.V1;

namespace ComplianceService.Scenarios;

/// <summary>What a scenario expects. A key the file leaves out is null here and is not compared
/// (<see cref="ScenarioComparer"/> lists the few checks that follow from the request instead).</summary>
public sealed class ScenarioExpectation
{
    /// <summary>The outcome.</summary>
    public required Outcome Outcome { get; init; }

    /// <summary>Obligation codes, compared as a set.</summary>
    public IReadOnlyList<Obligation>? Obligations { get; init; }

    /// <summary>Sources whose citation is DETERMINING, compared as a set.</summary>
    public IReadOnlyList<string>? Determining { get; init; }

    /// <summary>
    /// The file's <c>provenance</c> map: determining source -> provenance, listing only the
    /// determining sources whose words are not OFFICIAL_TEXT (so every other determining source
    /// is OFFICIAL_TEXT). Empty when the key is absent.
    /// </summary>
    public IReadOnlyDictionary<string, Provenance> Provenance { get; init; } = new Dictionary<string, Provenance>(StringComparer.Ordinal);

    /// <summary>Sources whose citation is OVERRIDDEN, compared as a set.</summary>
    public IReadOnlyList<string>? Overridden { get; init; }

    /// <summary>depends_on, compared as a set.</summary>
    public IReadOnlyList<Fact>? DependsOn { get; init; }

    /// <summary>Alternatives: the true unknown facts of each assignment and its outcome.</summary>
    public IReadOnlyList<(IReadOnlySet<Fact> TrueFacts, Outcome Outcome)>? Alternatives { get; init; }

    /// <summary>The visa.</summary>
    public Visa? Visa { get; init; }

    /// <summary>what_if: the single-fact flips that change the outcome, compared as a list in order.</summary>
    public IReadOnlyList<ScenarioWhatIf>? WhatIf { get; init; }
}

/// <summary>One expected <c>what_if</c> entry: flipping <paramref name="Fact"/> alone gives <paramref name="Outcome"/>.</summary>
/// <param name="Fact">The flipped fact.</param>
/// <param name="BecomesTrue">True when the fact was not given, false when it was.</param>
/// <param name="Outcome">The headline outcome with only that fact flipped.</param>
public readonly record struct ScenarioWhatIf(Fact Fact, bool BecomesTrue, Outcome Outcome)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{WireEnum.Name(Fact, "FACT_")}->{(BecomesTrue ? "true" : "false")}={WireEnum.Name(Outcome, "OUTCOME_")}";
}
