using ComplianceService.Store;

namespace ComplianceService.Cli.Internal;

/// <summary>Activates a revision unless it is already the active one, and prints what happened (publish and activate).</summary>
internal static class RevisionActivation
{
    // verb: "published" or "activated", how the first output line names the step.
    // signing: whether --signing-key was given, so that an unsigned active activation is pointed out.
    public static async Task<int> ActivateUnlessActiveAsync(CliConsole console, IPolicyStore store, string revision, string activatedBy, string verb, bool signing)
    {
        var active = await store.GetActiveAsync().ConfigureAwait(false);
        if (active?.Revision == revision)
        {
            console.OutWriter.WriteLine($"revision {revision} is already active (activated by {active.ActivatedBy} at {Formats.Time(active.ActivatedAt)}); nothing to do");
            if (signing && active.Signature is null)
            {
                console.OutWriter.WriteLine("note: that activation is not signed, so servers with Compliance:Security:PolicySigningKeys refuse it; "
                    + "`compliancectl rollback --signing-key KEY` twice re-activates it signed");
            }

            return ExitCodes.Ok;
        }

        var activation = await console.ProgressAsync("Activating", () => store.ActivateAsync(revision, activatedBy)).ConfigureAwait(false);
        console.OutWriter.WriteLine($"{verb} revision {activation.Revision}");
        console.OutWriter.WriteLine($"previous  revision {activation.PreviousRevision ?? "(none)"}");
        console.OutWriter.WriteLine($"activated by {activation.ActivatedBy} at {Formats.Time(activation.ActivatedAt)}");
        return ExitCodes.Ok;
    }
}
