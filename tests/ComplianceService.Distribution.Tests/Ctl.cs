extern alias compliancectl;

using compliancectl::ComplianceService.Cli;

namespace ComplianceService.Distribution.Tests;

/// <summary>compliancectl run in process through its entry point; what it printed goes to the test output.</summary>
internal static class Ctl
{
    public static async Task<(int ExitCode, string Output)> RunAsync(ITestOutputHelper log, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await Compliancectl.RunAsync(args, output, error);
        log.WriteLine($"$ compliancectl {string.Join(' ', args)}  -> exit {exitCode}");
        log.WriteLine(output.ToString() + error);
        return (exitCode, output.ToString() + error);
    }

    /// <summary>Runs a command that must succeed.</summary>
    public static async Task<string> OkAsync(ITestOutputHelper log, params string[] args)
    {
        var (exitCode, output) = await RunAsync(log, args);
        Assert.True(exitCode == ExitCodes.Ok, $"compliancectl {string.Join(' ', args)} exited {exitCode}:{Environment.NewLine}{output}");
        return output;
    }
}
