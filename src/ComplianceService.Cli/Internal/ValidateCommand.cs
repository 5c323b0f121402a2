using System.CommandLine;
using System.Globalization;

namespace ComplianceService.Cli.Internal;

/// <summary><c>validate</c>: parse and check the policy files; diagnostics as file:line:col: message.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var policies = CommonOptions.Policies();
        var seeds = CommonOptions.Seeds();
        var command = new Command("validate", "Parse and check the policy files (names, quotes, dates, conflicts); print each problem as file:line:col: message")
        {
            policies,
            seeds,
        };
        CommandActions.Set(command, console, async parseResult =>
        {
            var directory = parseResult.GetValue(policies)!;
            var compilation = await PolicyBuild.CompileAsync(console, directory, parseResult.GetValue(seeds)).ConfigureAwait(false);
            var files = Directory.GetFiles(directory.FullName, "*.yaml").Length;
            console.OutWriter.WriteLine(string.Create(CultureInfo.InvariantCulture, $"OK: {files} policy files in {directory.FullName}; revision {compilation.Revision}"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
