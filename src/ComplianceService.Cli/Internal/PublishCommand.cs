using System.CommandLine;
using ComplianceService.Engine;
using ComplianceService.Engine.Analysis;

namespace ComplianceService.Cli.Internal;

/// <summary>
/// <c>publish</c>: compile, show what the new revision answers differently from the active one, ask for confirmation,
/// then store the bundle and activate it on every server. Refuses policy files that do not compile; <c>--dry-run</c>
/// shows the difference and stops; <c>--yes</c> skips the question, which cannot be asked when standard input is not
/// a terminal (then it refuses, exit 9, rather than publish unseen).
/// </summary>
internal static class PublishCommand
{
    public static Command Create(CliConsole console)
    {
        var policies = CommonOptions.Policies();
        var seeds = CommonOptions.Seeds();
        var redis = CommonOptions.Redis();
        var prefix = CommonOptions.Prefix();
        var by = CommonOptions.By();
        var signingKey = CommonOptions.SigningKey();
        var yes = new Option<bool>("--yes", "-y")
        {
            Description = "Publish without asking for confirmation (the difference from the active revision is still printed); needed when standard input is not a terminal",
        };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Print the difference from the active revision and stop: nothing is stored or activated",
        };
        var command = new Command(
            "publish",
            "Compile the policy files, show what they answer differently from the active revision, and after confirmation store the bundle in Redis and activate it on every server (admin credential needed)")
        {
            policies,
            seeds,
            redis,
            prefix,
            by,
            signingKey,
            yes,
            dryRun,
        };
        CommandActions.Set(command, console, async parseResult =>
        {
            using var signer = CommonOptions.ReadSigner(parseResult.GetValue(signingKey));
            var compilation = await PolicyBuild.CompileAsync(console, parseResult.GetValue(policies)!, parseResult.GetValue(seeds)).ConfigureAwait(false);
            var revision = compilation.Revision!;
            var bundle = compilation.Bundle!;
            await using var store = await StoreSession.ConnectAsync(console, parseResult.GetValue(redis), parseResult.GetValue(prefix)!, signer).ConfigureAwait(false);
            var active = await store.GetActiveRevisionAsync().ConfigureAwait(false);
            if (active != revision)
            {
                await ShowDifferenceAsync(console, store, active, revision, PolicySnapshot.Load(compilation.Verified!)).ConfigureAwait(false);
            }

            if (parseResult.GetValue(dryRun))
            {
                console.OutWriter.WriteLine($"dry run: revision {revision} was not stored or activated");
                return ExitCodes.Ok;
            }

            if (active != revision && !parseResult.GetValue(yes))
            {
                Confirm(console, revision);
            }

            await console.ProgressAsync($"Uploading {PolicyBuild.Size(bundle.Length)}", () => store.PutBundleAsync(revision, bundle)).ConfigureAwait(false);
            return await RevisionActivation.ActivateUnlessActiveAsync(console, store, revision, parseResult.GetValue(by)!, "published", signer is not null).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task ShowDifferenceAsync(CliConsole console, Store.IPolicyStore store, string? active, string revision, PolicySnapshot next)
    {
        if (active is null)
        {
            console.OutWriter.WriteLine($"no revision is active yet: revision {revision} would be the first ({next.JurisdictionIds.Length} jurisdictions)");
            return;
        }

        PolicySnapshot current;
        try
        {
            current = await StoredRevisions.LoadAsync(store, active).ConfigureAwait(false);
        }
        catch (CommandFailure failure)
        {
            // A damaged active bundle must not block the publish that replaces it; the operator is told why no difference is shown.
            console.OutWriter.WriteLine($"cannot show the difference from the active revision: {failure.Message}");
            return;
        }

        var report = await console.ProgressAsync("Comparing with the active revision", () => Task.Run(() => PolicyDiff.Compare(current, next))).ConfigureAwait(false);
        DiffOutput.WriteText(console.OutWriter, report, $"active revision {active}", $"revision {revision} (the policy files)");
    }

    private static void Confirm(CliConsole console, string revision)
    {
        if (console.Input is null)
        {
            throw new CommandFailure(
                ExitCodes.NotConfirmed,
                "not published: standard input is not a terminal, so nobody can confirm; review the difference above (or with --dry-run) and pass --yes to publish");
        }

        console.OutWriter.Write($"Publish revision {Formats.Short(revision)} and activate it on every server? [y/N] ");
        console.OutWriter.Flush();
        var answer = console.Input.ReadLine()?.Trim();
        if (!string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) && !string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase))
        {
            throw new CommandFailure(ExitCodes.NotConfirmed, "not published: not confirmed");
        }
    }
}
