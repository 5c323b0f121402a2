using ComplianceService.Cli;

namespace ComplianceService.Cli.UnitTests;

/// <summary>One compliancectl invocation through its entry point, with what it printed.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await Compliancectl.RunAsync(args, output, error);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}{Environment.NewLine}--- stdout ---{Environment.NewLine}{Output}--- stderr ---{Environment.NewLine}{Error}";
}
