namespace ComplianceService.Policies;

/// <summary>Options of <see cref="PolicyCompiler.Compile"/>.</summary>
public sealed class PolicyCompilerOptions
{
    /// <summary>
    /// When set, the seed library: seed name (e.g. <c>000_b5877ab4b80003f7</c>) -> the seed
    /// document's text. Every rule's quote must then appear in its seed, whitespace-normalized
    /// (fragments separated by "…" each). <see cref="PolicyFolder.ReadSeeds"/> reads a folder of
    /// <c>&lt;seed&gt;.txt</c> files into one.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Seeds { get; init; }

    /// <summary>The most input bits one decision table may be indexed by (2^n cells). Default 20.</summary>
    public int MaxTableBits { get; init; } = 20;
}
