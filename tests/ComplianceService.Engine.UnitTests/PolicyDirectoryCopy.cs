using ComplianceService.Testing;

namespace ComplianceService.Engine.UnitTests;

/// <summary>A temporary copy of the bundled policies that a test may edit; deleted on dispose.</summary>
internal sealed class PolicyDirectoryCopy : IDisposable
{
    public PolicyDirectoryCopy()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "policies-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        foreach (var file in Directory.GetFiles(RepositoryPaths.Policies, "*.yaml"))
        {
            System.IO.File.Copy(file, System.IO.Path.Combine(Path, System.IO.Path.GetFileName(file)));
        }
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Replaces exactly one occurrence of <paramref name="old"/> in the file.</summary>
    public void Replace(string name, string old, string replacement)
    {
        var text = System.IO.File.ReadAllText(File(name));
        var at = text.IndexOf(old, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{old}' not in {name}");
        System.IO.File.WriteAllText(File(name), text[..at] + replacement + text[(at + old.Length)..]);
    }

    public void Append(string name, string text) => System.IO.File.AppendAllText(File(name), text);

    /// <summary>The 1-based line of the first line containing <paramref name="text"/>.</summary>
    public int LineOf(string name, string text) =>
        Array.FindIndex(System.IO.File.ReadAllLines(File(name)), l => l.Contains(text, StringComparison.Ordinal)) + 1;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
