namespace ComplianceService.Policies.Internal;

/// <summary>One jurisdiction file.</summary>
internal sealed class JurisdictionModel
{
    public required string Id { get; init; }
    public required string Name { get; init; }

    /// <summary>Null for the root.</summary>
    public required string? Parent { get; init; }
    public required SourceLocation Location { get; init; }
    public List<SourceModel> Sources { get; } = [];

    /// <summary>Root first, this jurisdiction last; filled once every file is read.</summary>
    public List<JurisdictionModel> Chain { get; } = [];
}
