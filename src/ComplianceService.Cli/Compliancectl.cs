using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using ComplianceService.Cli.Internal;

namespace ComplianceService.Cli;

/// <summary>
/// The <c>compliancectl</c> command line: <c>validate</c>, <c>compile</c>, <c>test</c>, <c>diff</c> and <c>coverage</c> work on policy files alone
/// (diff and coverage also on stored revisions);
/// <c>publish</c>, <c>activate</c>, <c>rollback</c> and <c>status</c> work on the shared Redis policy store;
/// <c>check</c> and <c>advise</c> ask a running server.
/// Exit codes are <see cref="ExitCodes"/>.
/// </summary>
public static class Compliancectl
{
    /// <summary>Runs the command line against the process's console.</summary>
    public static Task<int> RunAsync(string[] args) => RunAsync(args, CliConsole.ForTerminal());

    /// <summary>
    /// Runs the command line with its output captured: results and help go to <paramref name="output"/>, failures to
    /// <paramref name="error"/>, as plain text without colours or spinners.
    /// </summary>
    /// <returns>The exit code (<see cref="ExitCodes"/>).</returns>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        return RunAsync(args, CliConsole.ForWriters(output, error));
    }

    private static async Task<int> RunAsync(string[] args, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(args);
        var root = CreateRootCommand(console);
        var parseResult = root.Parse(args);
        var exitCode = await parseResult.InvokeAsync(new InvocationConfiguration
        {
            Output = console.OutWriter,
            Error = console.ErrorWriter,
        }).ConfigureAwait(false);

        // System.CommandLine reports parse errors with exit code 1; compliancectl keeps 1 for policy failures.
        return parseResult.Action is ParseErrorAction ? ExitCodes.Usage : exitCode;
    }

    private static RootCommand CreateRootCommand(CliConsole console)
    {
        var root = new RootCommand("compliancectl: check, compile, test, explain, diff and publish ComplianceService policy files; ask a running server (check, advise)")
        {
            ValidateCommand.Create(console),
            CompileCommand.Create(console),
            TestCommand.Create(console),
            ExplainCommand.Create(console),
            DiffCommand.Create(console),
            CoverageCommand.Create(console),
            PublishCommand.Create(console),
            ActivateCommand.Create(console),
            RollbackCommand.Create(console),
            StatusCommand.Create(console),
            AuditCommand.Create(console),
            DecisionCommands.Check(console),
            DecisionCommands.Advise(console),
        };

        // --help ends with the exit codes and the credential note.
        foreach (var option in root.Options)
        {
            if (option is HelpOption { Action: HelpAction help })
            {
                option.Action = new ExitCodesHelpAction(help);
            }
        }

        return root;
    }
}
