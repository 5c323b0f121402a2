using System.CommandLine;
using ComplianceService.Store;
using Spectre.Console;

namespace ComplianceService.Cli.Internal;

/// <summary>Turns a command's failures into an exit code and one line on standard error.</summary>
internal static class CommandActions
{
    public static void Set(Command command, CliConsole console, Func<ParseResult, Task<int>> action) =>
        command.SetAction(async (parseResult, _) =>
        {
            try
            {
                return await action(parseResult).ConfigureAwait(false);
            }
            catch (CommandFailure failure)
            {
                return Fail(console, failure.ExitCode, failure.Message);
            }
            catch (RevisionNotStoredException ex)
            {
                return Fail(console, ExitCodes.RevisionNotFound, ex.Message);
            }
            catch (BundleDamagedException ex)
            {
                // Damaged bytes are no bundle of that revision: as good as not stored (publish stores them again).
                return Fail(console, ExitCodes.RevisionNotFound, ex.Message);
            }
            catch (PolicyStoreNotPermittedException ex)
            {
                return Fail(
                    console,
                    ExitCodes.NotPermitted,
                    "Redis refused this credential (its ACL user may not do this; publish, activate and rollback need the admin user, "
                    + "not a server's): " + ex.Message);
            }
            catch (PolicyStoreException ex)
            {
                return Fail(console, ExitCodes.StoreUnavailable, ex.Message);
            }
        });

    private static int Fail(CliConsole console, int exitCode, string message)
    {
        console.Error.MarkupLine("[red]error:[/] " + Markup.Escape(message));
        return exitCode;
    }
}
