using ComplianceService.Engine;
using ComplianceService.Store;

namespace ComplianceService.Cli.Internal;

/// <summary>Revisions named on the command line: a full revision or a prefix of the activation history (activate, diff).</summary>
internal static class StoredRevisions
{
    /// <summary>The shortest revision prefix accepted.</summary>
    public const int MinPrefixLength = 8;

    /// <summary>True when <paramref name="text"/> looks like a revision or a prefix long enough to name one.</summary>
    public static bool IsRevisionLike(string text) =>
        text.Length >= MinPrefixLength && text.Length <= BundleRevision.Length && text.All(Uri.IsHexDigit);

    /// <summary>The full revision <paramref name="wanted"/> names: itself when 64 digits, else the one revision of the
    /// activation history it starts.</summary>
    public static async Task<string> ResolveAsync(IPolicyStore store, string wanted)
    {
        if (wanted.Length == BundleRevision.Length)
        {
            return wanted;
        }

        var history = await store.GetHistoryAsync(int.MaxValue).ConfigureAwait(false);
        var matches = history
            .SelectMany(a => new[] { a.Revision, a.PreviousRevision })
            .Where(r => r is not null && r.StartsWith(wanted, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return matches.Count switch
        {
            1 => matches[0]!,
            0 => throw new CommandFailure(ExitCodes.RevisionNotFound, $"no revision in the activation history starts with {wanted}; give the full revision of one never activated"),
            _ => throw new CommandFailure(ExitCodes.Usage, $"{wanted} matches {matches.Count} revisions ({string.Join(", ", matches.Select(Formats.Short))}); give more digits"),
        };
    }

    /// <summary>The stored bundle of <paramref name="revision"/>, loaded; exit 4 when it is not stored or its bytes do not hash to it.</summary>
    public static async Task<PolicySnapshot> LoadAsync(IPolicyStore store, string revision)
    {
        var bytes = await store.GetBundleAsync(revision).ConfigureAwait(false)
            ?? throw new CommandFailure(ExitCodes.RevisionNotFound, $"revision {revision} is not stored");
        if (BundleRevision.Compute(bytes) != revision)
        {
            throw new CommandFailure(ExitCodes.RevisionNotFound, $"the stored bundle of revision {revision} is damaged (its bytes do not hash to it)");
        }

        try
        {
            return PolicySnapshot.Load(bytes);
        }
        catch (PolicyBundleException ex)
        {
            throw new CommandFailure(ExitCodes.RevisionNotFound, $"the stored bundle of revision {revision} cannot be loaded: {ex.Message}");
        }
    }
}
