using ComplianceService.Contracts.V1;

namespace ComplianceService.Policies.Internal;

/// <summary>One rule of a source, as written. A deciding rule has an <see cref="Outcome"/>; an
/// attach rule (<see cref="IsAttach"/>) only adds obligations.</summary>
internal sealed class RuleModel
{
    public required SourceModel Source { get; init; }
    public required SourceLocation Location { get; init; }
    public required string Section { get; init; }
    public required string Quote { get; init; }
    public required string Guidance { get; init; }

    /// <summary>Bit t set = the rule speaks to target t (see <c>InputLayout</c>).</summary>
    public required int Targets { get; init; }
    public required Condition When { get; init; }

    /// <summary>The condition as the file writes it; "" when the rule always applies.</summary>
    public string WhenText { get; init; } = "";
    public Outcome Outcome { get; init; }

    /// <summary>How reliable the quoted words are (the source's, unless the rule says otherwise).</summary>
    public required Provenance Provenance { get; init; }

    /// <summary>The seed the quote is checked against (the source's, unless the rule says
    /// otherwise); null for text not in the seeds.</summary>
    public required string? Seed { get; init; }

    /// <summary>The outcomes of lower-authority sources this PERMITTED rule overrides (empty for
    /// every other rule), e.g. PROHIBITED and APPROVAL_REQUIRED for 8 U.S.C. 1373.</summary>
    public required IReadOnlyList<Outcome> Preempts { get; init; }
    public bool AttachAlways { get; init; }
    public required IReadOnlyList<RuleObligation> Obligations { get; init; }

    public bool IsAttach => Outcome == Outcome.Unspecified;

    public bool SpeaksTo(int target) => (Targets & (1 << target)) != 0;

    public override string ToString() => $"{Location.File}:{Location.Line} {Source.Id} {Section}";
}
