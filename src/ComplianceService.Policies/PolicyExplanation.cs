using ComplianceService.Contracts.V1;

namespace ComplianceService.Policies;

/// <summary>
/// One decision explained source by source (<c>compliancectl explain</c>): for each source of the
/// jurisdiction's chain, whether it is in force at the date, which of its rules answered and why the
/// rules before it did not (the condition and the inputs it read, with their values); then how the
/// sources' answers combined (strongest authority first: determining, concurring or overridden, and
/// by what) into the final outcome, and where each obligation comes from.
/// </summary>
public sealed class PolicyExplanation
{
    /// <summary>The jurisdiction id.</summary>
    public required string Jurisdiction { get; init; }

    /// <summary>The jurisdiction's name.</summary>
    public required string JurisdictionName { get; init; }

    /// <summary>The action or request decided, e.g. "INQUIRE_STATUS" or "DETAINER".</summary>
    public required string ActionOrRequest { get; init; }

    /// <summary>The date decided for (UTC).</summary>
    public required DateTime AsOf { get; init; }

    /// <summary>The inputs decided on, e.g. "contact TRAFFIC_STOP", "role SUSPECT", "STATE_CHARGE"
    /// (the facts given, and the unknown facts assumed true in the explained assignment).</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>The facts the request called unknown (empty when none).</summary>
    public IReadOnlyList<Fact> UnknownFacts { get; init; } = [];

    /// <summary>The unknown facts taken as true in the assignment explained: the first one giving
    /// the most cautious outcome, as the engine's headline.</summary>
    public IReadOnlyList<Fact> AssumedTrue { get; init; } = [];

    /// <summary>With unknown facts: every assignment (its true unknown facts) and its outcome, in
    /// binary counting order; empty otherwise.</summary>
    public IReadOnlyList<ExplainedAlternative> Alternatives { get; init; } = [];

    /// <summary>True when the rules of each source were traced (a policy folder); false when the
    /// explanation comes from a compiled bundle, which keeps each source's answer but no conditions.</summary>
    public required bool RulesTraced { get; init; }

    /// <summary>The sources of the chain: root first in file order when traced; strongest first from a bundle.</summary>
    public required IReadOnlyList<ExplainedSource> Sources { get; init; }

    /// <summary>Every source that answered, strongest authority first, with its effect on the outcome (the citations).</summary>
    public required IReadOnlyList<ExplainedAnswer> Answers { get; init; }

    /// <summary>The final outcome.</summary>
    public required Outcome Outcome { get; init; }

    /// <summary>The obligations of the decision, in the decision's order.</summary>
    public required IReadOnlyList<ExplainedObligation> Obligations { get; init; }

    /// <summary>The guidance line.</summary>
    public required string Guidance { get; init; }

    /// <summary>For CERTIFY_VISA, the visa; unspecified otherwise.</summary>
    public Visa Visa { get; init; }
}
