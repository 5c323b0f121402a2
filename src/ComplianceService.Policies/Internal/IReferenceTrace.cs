namespace ComplianceService.Policies.Internal;

/// <summary>
/// What the <see cref="ReferenceEvaluator"/> tells an observer as it walks the chain (the one walk;
/// <c>compliancectl explain</c> records it). Without an observer the evaluator does the same work,
/// minus these calls.
/// </summary>
internal interface IReferenceTrace
{
    /// <summary>A source of the chain is not in force at the date (its rules are not tried).</summary>
    void SourceNotInForce(SourceModel source);

    /// <summary>A rule of a source in force that speaks to the target was tried on
    /// <paramref name="input"/> (the packed input, forced bits included), in file order.</summary>
    void RuleTried(RuleModel rule, ulong input, bool holds);

    /// <summary>A source in force is done: <paramref name="answer"/> is its first deciding rule
    /// that held, or null when it is silent.</summary>
    void SourceDone(SourceModel source, RuleModel? answer);

    /// <summary>A source's answer is overridden by a stronger source's answer (a REQUIRED over a
    /// PROHIBITED, or a "preempts" PERMITTED).</summary>
    void AnswerOverridden(RuleModel answer, RuleModel by);

    /// <summary>An obligation entered the decision (the first of its code; later ones are dropped).</summary>
    void ObligationAdded(ReferenceObligation obligation, RuleModel rule, ObligationOrigin origin);

    /// <summary>An attach rule held, but adds nothing: the outcome is PROHIBITED and the rule is not <c>always</c>.</summary>
    void AttachWithheld(RuleModel rule);
}
