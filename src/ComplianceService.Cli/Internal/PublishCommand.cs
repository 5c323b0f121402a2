using System.CommandLine;

namespace ComplianceService.Cli.Internal;

/// <summary><c>publish</c>: compile, store the bundle and activate it on every server. Refuses policy files that do not compile.</summary>
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
        var command = new Command("publish", "Compile the policy files, store the bundle in Redis and activate it on every server (admin credential needed)")
        {
            policies,
            seeds,
            redis,
            prefix,
            by,
            signingKey,
        };
        CommandActions.Set(command, console, async parseResult =>
        {
            using var signer = CommonOptions.ReadSigner(parseResult.GetValue(signingKey));
            var compilation = await PolicyBuild.CompileAsync(console, parseResult.GetValue(policies)!, parseResult.GetValue(seeds)).ConfigureAwait(false);
            var revision = compilation.Revision!;
            var bundle = compilation.Bundle!;
            await using var store = await StoreSession.ConnectAsync(console, parseResult.GetValue(redis), parseResult.GetValue(prefix)!, signer).ConfigureAwait(false);
            await console.ProgressAsync($"Uploading {PolicyBuild.Size(bundle.Length)}", () => store.PutBundleAsync(revision, bundle)).ConfigureAwait(false);

            return await RevisionActivation.ActivateUnlessActiveAsync(console, store, revision, parseResult.GetValue(by)!, "published", signer is not null).ConfigureAwait(false);
        });
        return command;
    }
}
