using ComplianceService.Contracts.V1;

namespace ComplianceService.Policies.Internal;

/// <summary>One source (a layer of the jurisdiction chain), with its ordered rules.</summary>
internal sealed class SourceModel
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string ShortName { get; init; }
    public required Authority Authority { get; init; }

    /// <summary>How reliable most of its words are; each rule may say otherwise.</summary>
    public required Provenance Provenance { get; init; }

    /// <summary>Null when the date is unknown: in force for every date.</summary>
    public required DateOnly? Effective { get; init; }

    /// <summary>Null for public law not in the seeds.</summary>
    public required string? Seed { get; init; }
    public required string Jurisdiction { get; init; }
    public required SourceLocation Location { get; init; }
    public List<RuleModel> Rules { get; } = [];

    /// <summary>UTC ticks from which the source is in force (0 when unknown).</summary>
    public long EffectiveTicks => Effective is { } date ? date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).Ticks : 0;

    public bool InForceAt(long asOfTicks) => Effective is null || EffectiveTicks <= asOfTicks;
}
