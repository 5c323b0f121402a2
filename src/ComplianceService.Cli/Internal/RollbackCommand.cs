using System.CommandLine;

namespace ComplianceService.Cli.Internal;

/// <summary><c>rollback</c>: re-activate the revision that was active before the current one.</summary>
internal static class RollbackCommand
{
    public static Command Create(CliConsole console)
    {
        var redis = CommonOptions.Redis();
        var prefix = CommonOptions.Prefix();
        var by = CommonOptions.By();
        var signingKey = CommonOptions.SigningKey();
        var command = new Command("rollback", "Re-activate the revision that was active before the current one; rolling back twice returns to where it started (admin credential needed)")
        {
            redis,
            prefix,
            by,
            signingKey,
        };
        CommandActions.Set(command, console, async parseResult =>
        {
            using var signer = CommonOptions.ReadSigner(parseResult.GetValue(signingKey));
            await using var store = await StoreSession.ConnectAsync(console, parseResult.GetValue(redis), parseResult.GetValue(prefix)!, signer).ConfigureAwait(false);
            var activation = await console.ProgressAsync("Rolling back", () => store.RollbackAsync(parseResult.GetValue(by)!)).ConfigureAwait(false)
                ?? throw new CommandFailure(ExitCodes.NothingToRollBack, "nothing to roll back to: the active revision has no previous revision");
            console.OutWriter.WriteLine($"rolled back to revision {activation.Revision}");
            console.OutWriter.WriteLine($"previous       revision {activation.PreviousRevision ?? "(none)"}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
