namespace ComplianceService.Cli.Internal;

/// <summary>Ends a command with an exit code and a message for the operator (printed to standard error).</summary>
internal sealed class CommandFailure(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
