using ComplianceService.Contracts.V1;

namespace ComplianceService.Engine;

/// <summary>The result of AdviseEncounter: one decision per action, in Action order, or an error.</summary>
public readonly struct EngineAdvice
{
    private readonly EngineDecision[]? _decisions;

    internal EngineAdvice(EngineDecision[] decisions, string policyRevision)
    {
        _decisions = decisions;
        PolicyRevision = policyRevision;
    }

    internal EngineAdvice(ValidationError error)
    {
        Error = error;
        PolicyRevision = "";
    }

    /// <summary>True when there are decisions; false when <see cref="Error"/> says why not.</summary>
    public bool IsValid => _decisions is not null;

    /// <summary>Why the request could not be decided, or null.</summary>
    public ValidationError? Error { get; }

    /// <summary>The revision that answered.</summary>
    public string PolicyRevision { get; }

    /// <summary>One decision per action (ACTION_INQUIRE_STATUS first).</summary>
    public ReadOnlySpan<EngineDecision> Decisions => _decisions;

    /// <summary>The <see cref="EncounterAdvice"/> message (allocates).</summary>
    /// <param name="newDecisionId">Called once per decision for its decision id, if given.</param>
    /// <param name="incidentId">The incident id to echo in each decision, if any.</param>
    public EncounterAdvice ToMessage(Func<string>? newDecisionId = null, string? incidentId = null)
    {
        var advice = new EncounterAdvice { PolicyRevision = PolicyRevision };
        foreach (var decision in Decisions)
        {
            advice.Decisions.Add(decision.ToMessage(newDecisionId?.Invoke(), incidentId));
        }

        return advice;
    }
}
