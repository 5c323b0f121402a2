using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Internal;

namespace ComplianceService.Engine;

/// <summary>
/// The result of one check: either a decision (a shared, precomputed <see cref="DecisionTemplate"/>
/// plus, when facts were unknown, the per-call depends_on and alternatives, and when asked, the
/// what-if list) or a
/// <see cref="ValidationError"/>. A small value; creating one on the common path allocates nothing.
/// </summary>
public readonly struct EngineDecision
{
    private readonly DecisionTemplate? _template;
    private readonly UnknownFactsResolution? _unknowns;
    private readonly WhatIfResolution? _whatIf;
    private readonly ValidationError? _error;

    internal EngineDecision(DecisionTemplate template, UnknownFactsResolution? unknowns = null, WhatIfResolution? whatIf = null)
    {
        _template = template;
        _unknowns = unknowns;
        _whatIf = whatIf;
    }

    internal EngineDecision(ValidationError error)
    {
        _error = error;
    }

    /// <summary>True when there is a decision; false when <see cref="Error"/> says why not.</summary>
    public bool IsValid => _template is not null;

    /// <summary>Why the request could not be decided, or null.</summary>
    public ValidationError? Error => _error;

    /// <summary>The decision's fixed part. Throws when the request was invalid.</summary>
    public DecisionTemplate Template => _template ?? throw new InvalidOperationException("No decision: the request was invalid. " + _error?.Message);

    /// <summary>The (headline) outcome, or unspecified when invalid.</summary>
    public Outcome Outcome => _template?.Outcome ?? Outcome.Unspecified;

    /// <summary>Each unknown fact whose value alone changes the outcome for some assignment of the others.</summary>
    public ReadOnlySpan<Fact> DependsOn => _unknowns is null ? default : _unknowns.DependsOn;

    /// <summary>Every assignment of the unknown facts in binary counting order; empty without unknown facts.</summary>
    public ReadOnlySpan<EngineAlternative> Alternatives => _unknowns is null ? default : _unknowns.Alternatives;

    /// <summary>When the request set include_what_if: each fact whose flip alone changes the
    /// outcome, in Fact order; otherwise empty.</summary>
    public ReadOnlySpan<EngineWhatIf> WhatIf => _whatIf is null ? default : _whatIf.Flips;

    internal UnknownFactsResolution? Unknowns => _unknowns;

    internal WhatIfResolution? WhatIfs => _whatIf;

    /// <summary>A complete <see cref="Decision"/> message (allocates; for Advise, tests and debugging).</summary>
    /// <param name="decisionId">The decision id to set, if any.</param>
    /// <param name="incidentId">The incident id to echo, if any.</param>
    public Decision ToMessage(string? decisionId = null, string? incidentId = null)
    {
        var decision = Template.CreateMessage();
        decision.DecisionId = decisionId ?? "";
        decision.IncidentId = incidentId ?? "";
        _unknowns?.AddTo(decision);
        _whatIf?.AddTo(decision);
        return decision;
    }
}
