using System.Collections.Immutable;
using ComplianceService.Contracts.V1;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Engine;

/// <summary>
/// A precomputed decision: everything a decision says but the per-call parts (depends_on,
/// alternatives, what-if, and the ids a reply carries). Immutable and shared by every call that
/// reaches it. <see cref="Index"/> numbers the templates of a snapshot densely, so an encoder can
/// precompute each one's bytes in an array.
/// </summary>
public sealed class DecisionTemplate
{
    internal DecisionTemplate(
        int index, string jurisdiction, Action action, Request request, Outcome outcome, Visa visa, string guidance, string policyRevision,
        ImmutableArray<DecisionObligation> obligations, ImmutableArray<DecisionCitation> citations)
    {
        Index = index;
        Jurisdiction = jurisdiction;
        Action = action;
        Request = request;
        Outcome = outcome;
        Visa = visa;
        Guidance = guidance;
        PolicyRevision = policyRevision;
        Obligations = obligations;
        Citations = citations;
    }

    /// <summary>The template's place in <see cref="PolicySnapshot.Templates"/>: 0 to count - 1.</summary>
    public int Index { get; }

    /// <summary>The jurisdiction id decided for.</summary>
    public string Jurisdiction { get; }

    /// <summary>The action decided (unspecified for a cooperation request).</summary>
    public Action Action { get; }

    /// <summary>The request decided (unspecified for an encounter action).</summary>
    public Request Request { get; }

    /// <summary>The outcome.</summary>
    public Outcome Outcome { get; }

    /// <summary>For CERTIFY_VISA, the visa the crime qualifies for; otherwise unspecified.</summary>
    public Visa Visa { get; }

    /// <summary>One line (at most 160 characters) naming the deciding clause.</summary>
    public string Guidance { get; }

    /// <summary>The revision of the bundle this template belongs to.</summary>
    public string PolicyRevision { get; }

    /// <summary>What else must happen, in decision order, each with who acts on it.</summary>
    public ImmutableArray<DecisionObligation> Obligations { get; }

    /// <summary>Every source that answered, strongest authority first, each with its provenance.</summary>
    public ImmutableArray<DecisionCitation> Citations { get; }
}
