using System.Globalization;
using ComplianceService.Policies;

namespace ComplianceService.Cli.Internal;

/// <summary>Compiles a policy folder behind a spinner and prints its diagnostics (file:line:col: message).</summary>
internal static class PolicyBuild
{
    /// <summary>The compilation; a missing folder is a usage error, diagnostics are printed and end the command with exit 1.</summary>
    public static async Task<PolicyCompilation> CompileAsync(CliConsole console, DirectoryInfo policies, DirectoryInfo? seeds, bool failOnErrors = true)
    {
        if (!policies.Exists)
        {
            throw new CommandFailure(ExitCodes.Usage, $"policy folder not found: {policies.FullName}");
        }

        if (seeds is { Exists: false })
        {
            throw new CommandFailure(ExitCodes.Usage, $"seeds folder not found: {seeds.FullName}");
        }

        var compilation = await console.ProgressAsync(
            $"Compiling {policies.FullName}",
            () => Task.Run(() => PolicyFolder.Compile(policies.FullName, seeds?.FullName))).ConfigureAwait(false);
        if (!compilation.Succeeded)
        {
            foreach (var diagnostic in compilation.Diagnostics)
            {
                console.OutWriter.WriteLine(diagnostic.ToString());
            }

            if (failOnErrors)
            {
                throw new CommandFailure(
                    ExitCodes.PolicyFailure,
                    string.Create(CultureInfo.InvariantCulture, $"{compilation.Diagnostics.Count} error(s) in {policies.FullName}"));
            }
        }

        return compilation;
    }

    /// <summary>A byte count for people: "12.3 KiB".</summary>
    public static string Size(long bytes) => bytes < 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB");
}
