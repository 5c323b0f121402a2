using System.Collections.Immutable;
using ComplianceService.Contracts.V1;
using Google.Protobuf;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Engine;

/// <summary>
/// A precomputed decision: everything of a <see cref="Decision"/> but the per-call fields
/// (decision_id, incident_id, depends_on, alternatives). Immutable and shared by every call that
/// reaches it; <see cref="Encoded"/> holds its serialized form.
/// </summary>
public sealed class DecisionTemplate
{
    private readonly Decision _prototype;
    private readonly byte[] _encoded;

    internal DecisionTemplate(Decision prototype, ImmutableArray<DecisionObligation> obligations, ImmutableArray<DecisionCitation> citations)
    {
        _prototype = prototype;
        _encoded = prototype.ToByteArray();
        Obligations = obligations;
        Citations = citations;
    }

    /// <summary>The jurisdiction id decided for.</summary>
    public string Jurisdiction => _prototype.Jurisdiction;

    /// <summary>The action decided (unspecified for a cooperation request).</summary>
    public Action Action => _prototype.Action;

    /// <summary>The request decided (unspecified for an encounter action).</summary>
    public Request Request => _prototype.Request;

    /// <summary>The outcome.</summary>
    public Outcome Outcome => _prototype.Outcome;

    /// <summary>For CERTIFY_VISA, the visa the crime qualifies for; otherwise unspecified.</summary>
    public Visa Visa => _prototype.Visa;

    /// <summary>One line (at most 160 characters) naming the deciding clause.</summary>
    public string Guidance => _prototype.Guidance;

    /// <summary>The revision of the bundle this template belongs to.</summary>
    public string PolicyRevision => _prototype.PolicyRevision;

    /// <summary>What else must happen, in decision order.</summary>
    public ImmutableArray<DecisionObligation> Obligations { get; }

    /// <summary>Every source that answered, strongest authority first.</summary>
    public ImmutableArray<DecisionCitation> Citations { get; }

    /// <summary>The serialized <c>compliance.v1.Decision</c> with fields 1-5, 9 and 11-13; per-call
    /// fields may be appended (protobuf concatenation), see <see cref="DecisionWriter"/>.</summary>
    public ReadOnlySpan<byte> Encoded => _encoded;

    /// <summary>A new message holding the template's fields.</summary>
    internal Decision CreateMessage() => _prototype.Clone();
}
