using ComplianceService.Policy.V1;

namespace ComplianceService.Policies.Internal;

/// <summary>The state one compilation carries from stage to stage: what each stage read or built,
/// and every diagnostic so far.</summary>
internal sealed class CompilerRun(IReadOnlyList<PolicySource> sources, PolicyCompilerOptions options)
{
    public IReadOnlyList<PolicySource> Sources { get; } = sources;

    public PolicyCompilerOptions Options { get; } = options;

    public List<PolicyDiagnostic> Diagnostics { get; } = [];

    /// <summary>parse: the sources that are YAML mappings, in name order.</summary>
    public List<PolicyDocument> Documents { get; } = [];

    /// <summary>vocabulary: the root file's vocabulary section.</summary>
    public PolicyVocabulary Vocabulary { get; set; } = new();

    /// <summary>jurisdictions: one per document that has an id and a name.</summary>
    public List<JurisdictionModel> Jurisdictions { get; } = [];

    /// <summary>build tables: the bundle and each table's cells.</summary>
    public PolicyBundle? Bundle { get; set; }

    public IReadOnlyList<TableCells> Tables { get; set; } = [];

    /// <summary>coverage: not-addressed combinations per table.</summary>
    public CoverageReport? Coverage { get; set; }

    /// <summary>The parsed, linked policy (jurisdictions sorted by id), once reading is done.</summary>
    public PolicySet Policy => new() { Vocabulary = Vocabulary, Jurisdictions = [.. Jurisdictions.OrderBy(j => j.Id, StringComparer.Ordinal)] };
}
