namespace ComplianceService.Engine.Compilation;

/// <summary>Options of <see cref="PolicyCompiler.Compile(string, PolicyCompilerOptions?)"/>.</summary>
public sealed class PolicyCompilerOptions
{
    /// <summary>
    /// When set, the directory of seed documents (<c>&lt;seed&gt;.txt</c>): every rule's quote must
    /// then appear in its source's seed, whitespace-normalized (fragments separated by "…" each).
    /// </summary>
    public string? SeedsDirectory { get; init; }

    /// <summary>The most input bits one decision table may be indexed by (2^n cells). Default 20.</summary>
    public int MaxTableBits { get; init; } = 20;
}
