using ComplianceService.Testing;

namespace ComplianceService.Cli.UnitTests;

/// <summary>A temporary folder, optionally holding a copy of the bundled policies; deleted on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = Directory.CreateTempSubdirectory("compliancectl-").FullName;
    }

    public string Path { get; }

    public static TemporaryDirectory WithPolicies()
    {
        var directory = new TemporaryDirectory();
        foreach (var file in Directory.GetFiles(RepositoryPaths.Policies, "*.yaml"))
        {
            System.IO.File.Copy(file, directory.File(System.IO.Path.GetFileName(file)));
        }

        return directory;
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
