using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Internal;

namespace ComplianceService.Engine;

/// <summary>
/// The result of one check: a decision (a shared, precomputed <see cref="DecisionTemplate"/> plus,
/// when facts were unknown, depends_on and the alternatives, and when asked, the what-if list), or
/// the answer that the jurisdiction is not served. A small value; creating one on the common path
/// allocates nothing.
/// </summary>
public readonly struct EngineDecision
{
    private readonly DecisionTemplate? _template;
    private readonly UnknownFactsResolution? _unknowns;
    private readonly WhatIfResolution? _whatIf;

    internal EngineDecision(DecisionTemplate template, UnknownFactsResolution? unknowns = null, WhatIfResolution? whatIf = null)
    {
        _template = template;
        _unknowns = unknowns;
        _whatIf = whatIf;
    }

    /// <summary>No decision: the query's jurisdiction is not served (gRPC NOT_FOUND).</summary>
    public static EngineDecision JurisdictionNotFound => default;

    /// <summary>True when there is a decision; false only when the jurisdiction is not served.</summary>
    public bool IsDecided => _template is not null;

    /// <summary>The decision's fixed part. Throws when the jurisdiction was not found.</summary>
    public DecisionTemplate Template => _template ?? throw new InvalidOperationException("No decision: the jurisdiction is not served.");

    /// <summary>The (headline) outcome, or unspecified when there is no decision.</summary>
    public Outcome Outcome => _template?.Outcome ?? Outcome.Unspecified;

    /// <summary>Each unknown fact whose value alone changes the outcome for some assignment of the others, in query order.</summary>
    public ReadOnlySpan<Fact> DependsOn => _unknowns is null ? default : _unknowns.DependsOn;

    /// <summary>Every assignment of the unknown facts in binary counting order (the first unknown
    /// fact the lowest bit); empty without unknown facts.</summary>
    public ReadOnlySpan<EngineAlternative> Alternatives => _unknowns is null ? default : _unknowns.Alternatives;

    /// <summary>When the query asked for it: each fact whose flip alone changes the outcome, in
    /// Fact order; otherwise empty.</summary>
    public ReadOnlySpan<EngineWhatIf> WhatIf => _whatIf is null ? default : _whatIf.Flips;
}
