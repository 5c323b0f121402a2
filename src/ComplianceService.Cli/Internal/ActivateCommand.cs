using System.CommandLine;

namespace ComplianceService.Cli.Internal;

/// <summary><c>activate REV</c>: make a stored revision the active one on every server.</summary>
internal static class ActivateCommand
{
    public static Command Create(CliConsole console)
    {
        var revision = new Argument<string>("revision")
        {
            Description = "The revision (64 hex digits), or a prefix of at least 8 hex digits matching exactly one revision in the activation history",
        };
        var redis = CommonOptions.Redis();
        var prefix = CommonOptions.Prefix();
        var by = CommonOptions.By();
        var signingKey = CommonOptions.SigningKey();
        var command = new Command("activate", "Make a stored revision the active one on every server (admin credential needed)")
        {
            revision,
            redis,
            prefix,
            by,
            signingKey,
        };
        CommandActions.Set(command, console, async parseResult =>
        {
            var wanted = parseResult.GetValue(revision)!.Trim().ToLowerInvariant();
            if (!StoredRevisions.IsRevisionLike(wanted))
            {
                throw new CommandFailure(ExitCodes.Usage, $"'{wanted}' is not a revision: give 64 hex digits or a prefix of at least {StoredRevisions.MinPrefixLength}");
            }

            using var signer = CommonOptions.ReadSigner(parseResult.GetValue(signingKey));
            await using var store = await StoreSession.ConnectAsync(console, parseResult.GetValue(redis), parseResult.GetValue(prefix)!, signer).ConfigureAwait(false);
            var full = await StoredRevisions.ResolveAsync(store, wanted).ConfigureAwait(false);
            return await RevisionActivation.ActivateUnlessActiveAsync(console, store, full, parseResult.GetValue(by)!, "activated", signer is not null).ConfigureAwait(false);
        });
        return command;
    }
}
