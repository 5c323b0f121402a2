namespace ComplianceService.Policies;

/// <summary>
/// The one place policy files and seeds are read from disk: a folder of
/// <c>&lt;jurisdiction id&gt;.yaml</c> files becomes <see cref="PolicySource"/>s (named by their
/// path, so diagnostics point at the file), a folder of <c>&lt;seed&gt;.txt</c> files a seed
/// library. The compiler itself only sees names and texts.
/// </summary>
public static class PolicyFolder
{
    /// <summary>Reads the folder's policy files and compiles them; a missing or empty folder is a
    /// diagnostic, not an exception.</summary>
    /// <param name="directory">The folder of policy files.</param>
    /// <param name="seedsDirectory">When given, the folder of seed documents every quote is checked against.</param>
    public static PolicyCompilation Compile(string directory, string? seedsDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            return Failure(directory, "policy directory not found");
        }

        if (seedsDirectory is not null && !Directory.Exists(seedsDirectory))
        {
            return Failure(seedsDirectory, "seeds directory not found");
        }

        var sources = ReadPolicies(directory);
        if (sources.Count == 0)
        {
            return Failure(directory, "no policy files (*.yaml)");
        }

        return PolicyCompiler.Compile(sources, new PolicyCompilerOptions { Seeds = seedsDirectory is null ? null : ReadSeeds(seedsDirectory) });
    }

    /// <summary>Every <c>*.yaml</c> file of the folder, in name order, named by its path.</summary>
    public static IReadOnlyList<PolicySource> ReadPolicies(string directory) =>
        [.. Directory.GetFiles(directory, "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(path => new PolicySource(path, File.ReadAllText(path)))];

    /// <summary>Every <c>*.txt</c> file of the folder: file name without extension -> text.</summary>
    public static IReadOnlyDictionary<string, string> ReadSeeds(string directory) =>
        Directory.GetFiles(directory, "*.txt").ToDictionary(path => Path.GetFileNameWithoutExtension(path), path => File.ReadAllText(path), StringComparer.Ordinal);

    private static PolicyCompilation Failure(string path, string message) =>
        new([new PolicyDiagnostic(path, 0, 0, message)], null, null);
}
