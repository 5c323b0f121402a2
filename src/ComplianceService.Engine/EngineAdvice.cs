namespace ComplianceService.Engine;

/// <summary>The result of AdviseEncounter: one decision per action, in Action order, or the
/// answer that the jurisdiction is not served.</summary>
public readonly struct EngineAdvice
{
    private readonly EngineDecision[]? _decisions;
    private readonly string? _policyRevision;

    internal EngineAdvice(EngineDecision[] decisions, string policyRevision)
    {
        _decisions = decisions;
        _policyRevision = policyRevision;
    }

    /// <summary>True when there are decisions; false only when the jurisdiction is not served.</summary>
    public bool IsDecided => _decisions is not null;

    /// <summary>The revision that answered ("" without decisions).</summary>
    public string PolicyRevision => _policyRevision ?? "";

    /// <summary>One decision per action (ACTION_INQUIRE_STATUS first).</summary>
    public ReadOnlySpan<EngineDecision> Decisions => _decisions;
}
