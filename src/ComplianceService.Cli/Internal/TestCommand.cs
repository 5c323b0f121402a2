using System.CommandLine;
using System.Globalization;
using ComplianceService.Engine;
using ComplianceService.Scenarios;
using ComplianceService.Wire;
using Spectre.Console;

namespace ComplianceService.Cli.Internal;

/// <summary><c>test</c>: run a scenario file against the compiled policy files, in process (no server).</summary>
internal static class TestCommand
{
    public static Command Create(CliConsole console)
    {
        var scenarios = new Argument<FileInfo>("scenarios") { Description = "Scenario file in the form of shared/scenarios/public.yaml" };
        var policies = CommonOptions.Policies();
        var seeds = CommonOptions.Seeds();
        var command = new Command("test", "Decide every scenario of a scenario file with the compiled policies (no server needed); print pass/fail and the mismatches")
        {
            scenarios,
            policies,
            seeds,
        };
        CommandActions.Set(command, console, async parseResult =>
        {
            var file = parseResult.GetValue(scenarios)!;
            var loaded = Load(file);
            var compilation = await PolicyBuild.CompileAsync(console, parseResult.GetValue(policies)!, parseResult.GetValue(seeds)).ConfigureAwait(false);
            var snapshot = PolicySnapshot.Load(compilation.Verified!);
            var results = ScenarioRunner.RunAll(ServedPolicy.Create(snapshot), loaded, DateTime.UtcNow);
            Report(console, results, compilation.Revision!);
            return results.Any(r => !r.Passed) ? ExitCodes.PolicyFailure : ExitCodes.Ok;
        });
        return command;
    }

    private static IReadOnlyList<Scenario> Load(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new CommandFailure(ExitCodes.Usage, $"scenario file not found: {file.FullName}");
        }

        try
        {
            return ScenarioFile.Load(file.FullName);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // YamlDotNet, the casts of the node tree and the enum parser each throw their own type; all mean "not a scenario file".
            throw new CommandFailure(ExitCodes.Usage, $"cannot read scenarios from {file.FullName}: {ex.Message}");
        }
    }

    private static void Report(CliConsole console, IReadOnlyList<ScenarioResult> results, string revision)
    {
        var table = new Table().AddColumns("scenario", "rpc", "result");
        foreach (var result in results)
        {
            table.AddRow(
                new Text(result.Scenario.Name),
                new Text(result.Scenario.Rpc),
                result.Passed ? new Markup("[green]PASS[/]") : new Markup("[red]FAIL[/]"));
        }

        console.Out.Write(table);
        foreach (var result in results.Where(r => !r.Passed))
        {
            console.OutWriter.WriteLine();
            console.OutWriter.WriteLine($"FAIL {result.Scenario.Name}: {result.Scenario.Why}");
            foreach (var mismatch in result.Mismatches)
            {
                console.OutWriter.WriteLine("  " + mismatch);
            }
        }

        var failed = results.Count(r => !r.Passed);
        console.OutWriter.WriteLine();
        console.OutWriter.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{results.Count - failed} passed, {failed} failed, {results.Count} scenarios against revision {revision}"));
    }
}
