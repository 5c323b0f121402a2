using System.CommandLine;
using ComplianceService.Engine;
using ComplianceService.Store;

namespace ComplianceService.Cli.Internal;

/// <summary><c>activate REV</c>: make a stored revision the active one on every server.</summary>
internal static class ActivateCommand
{
    /// <summary>The shortest revision prefix accepted.</summary>
    public const int MinPrefixLength = 8;

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
            if (wanted.Length < MinPrefixLength || !wanted.All(Uri.IsHexDigit) || wanted.Length > BundleRevision.Length)
            {
                throw new CommandFailure(ExitCodes.Usage, $"'{wanted}' is not a revision: give 64 hex digits or a prefix of at least {MinPrefixLength}");
            }

            using var signer = CommonOptions.ReadSigner(parseResult.GetValue(signingKey));
            await using var store = await StoreSession.ConnectAsync(console, parseResult.GetValue(redis), parseResult.GetValue(prefix)!, signer).ConfigureAwait(false);
            var full = wanted.Length == BundleRevision.Length ? wanted : await ResolvePrefixAsync(store, wanted).ConfigureAwait(false);
            return await RevisionActivation.ActivateUnlessActiveAsync(console, store, full, parseResult.GetValue(by)!, "activated", signer is not null).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<string> ResolvePrefixAsync(IPolicyStore store, string prefix)
    {
        var history = await store.GetHistoryAsync(int.MaxValue).ConfigureAwait(false);
        var matches = history
            .SelectMany(a => new[] { a.Revision, a.PreviousRevision })
            .Where(r => r is not null && r.StartsWith(prefix, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return matches.Count switch
        {
            1 => matches[0]!,
            0 => throw new CommandFailure(ExitCodes.RevisionNotFound, $"no revision in the activation history starts with {prefix}; give the full revision to activate one never activated"),
            _ => throw new CommandFailure(ExitCodes.Usage, $"{prefix} matches {matches.Count} revisions ({string.Join(", ", matches.Select(Formats.Short))}); give more digits"),
        };
    }
}
