using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace ComplianceService.Cli.Internal;

/// <summary>The standard help, followed by the exit codes and the admin credential note.</summary>
internal sealed class ExitCodesHelpAction(HelpAction standard) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        var exitCode = standard.Invoke(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(ExitCodes.Help);
        return exitCode;
    }
}
