using ComplianceService.Contracts.V1;

namespace ComplianceService.Engine.Compilation.Internal;

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
    public Outcome Outcome { get; init; }
    public bool Preempts { get; init; }
    public bool AttachAlways { get; init; }
    public required IReadOnlyList<RuleObligation> Obligations { get; init; }

    public bool IsAttach => Outcome == Outcome.Unspecified;

    public bool SpeaksTo(int target) => (Targets & (1 << target)) != 0;

    public override string ToString() => $"{Location.File}:{Location.Line} {Source.Id} {Section}";
}
