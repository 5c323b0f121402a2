using System.CommandLine;
using System.Globalization;
using ComplianceService.Policies;
using Spectre.Console;

namespace ComplianceService.Cli.Internal;

/// <summary><c>compile</c>: compile the policy files into a bundle file; optionally print the coverage report.</summary>
internal static class CompileCommand
{
    public static Command Create(CliConsole console)
    {
        var policies = CommonOptions.Policies();
        var seeds = CommonOptions.Seeds();
        var output = new Option<FileInfo>("--out", "-o")
        {
            Description = "Where to write the bundle",
            DefaultValueFactory = _ => new FileInfo("policy.bundle"),
        };
        var coverage = new Option<bool>("--coverage")
        {
            Description = "Print the coverage report: per jurisdiction, epoch and action/request, the input combinations and how many are NOT_ADDRESSED",
        };
        var command = new Command("compile", "Compile the policy files into a bundle (the bytes the servers load); print its revision and size")
        {
            policies,
            seeds,
            output,
            coverage,
        };
        CommandActions.Set(command, console, async parseResult =>
        {
            var compilation = await PolicyBuild.CompileAsync(console, parseResult.GetValue(policies)!, parseResult.GetValue(seeds)).ConfigureAwait(false);
            var file = parseResult.GetValue(output)!;
            if (file.Directory is { Exists: false } directory)
            {
                throw new CommandFailure(ExitCodes.Usage, $"output folder not found: {directory.FullName}");
            }

            await File.WriteAllBytesAsync(file.FullName, compilation.Bundle!).ConfigureAwait(false);
            console.OutWriter.WriteLine($"revision {compilation.Revision}");
            console.OutWriter.WriteLine($"size     {PolicyBuild.Size(compilation.Bundle!.Length)} ({compilation.Bundle.Length.ToString(CultureInfo.InvariantCulture)} bytes)");
            console.OutWriter.WriteLine($"written  {file.FullName}");
            if (parseResult.GetValue(coverage))
            {
                WriteCoverage(console, compilation.Coverage!);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteCoverage(CliConsole console, CoverageReport report)
    {
        var table = new Table().Title("Coverage").AddColumns("jurisdiction", "from", "action/request", "inputs", "combinations", "NOT_ADDRESSED");
        long combinations = 0, notAddressed = 0;
        foreach (var entry in report.Entries)
        {
            combinations += entry.Combinations;
            notAddressed += entry.NotAddressed;
            table.AddRow(
                new Text(entry.Jurisdiction),
                new Text(entry.EpochStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "(start)"),
                new Text(entry.Target),
                new Text(entry.Inputs.Count.ToString(CultureInfo.InvariantCulture)),
                new Text(entry.Combinations.ToString(CultureInfo.InvariantCulture)).RightJustified(),
                new Text(entry.NotAddressed.ToString(CultureInfo.InvariantCulture)).RightJustified());
        }

        table.Caption(string.Create(CultureInfo.InvariantCulture, $"{report.Entries.Count} tables; {notAddressed} of {combinations} combinations NOT_ADDRESSED"));
        console.Out.Write(table);
    }
}
