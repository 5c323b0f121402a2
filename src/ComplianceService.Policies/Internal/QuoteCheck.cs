namespace ComplianceService.Policies.Internal;

/// <summary>
/// The quote stage: every rule's quote appears in its seed document, whitespace-normalized, each
/// "…"-separated fragment on its own (<see cref="QuoteText"/>). Rules of public law not in the
/// seeds (seed none) are not checked.
/// </summary>
internal static class QuoteCheck
{
    public static void Run(IEnumerable<JurisdictionModel> jurisdictions, IReadOnlyDictionary<string, string> seeds, List<PolicyDiagnostic> diagnostics)
    {
        var normalized = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var rule in jurisdictions.SelectMany(j => j.Sources).SelectMany(s => s.Rules))
        {
            if (rule.Seed is null)
            {
                continue; // public law not in the seeds
            }

            if (!normalized.TryGetValue(rule.Seed, out var text))
            {
                text = seeds.TryGetValue(rule.Seed, out var seed) ? QuoteText.Normalize(seed) : null;
                normalized[rule.Seed] = text;
                if (text is null)
                {
                    Report(diagnostics, rule.Location, $"rule {rule.Source.Id} {rule.Section}: seed {rule.Seed} is not in the seed library ({rule.Seed}.txt in a seeds folder)");
                }
            }

            if (text is not null && QuoteText.FindMissingFragment(rule.Quote, text) is { } missing)
            {
                Report(diagnostics, rule.Location, $"rule {rule.Source.Id} {rule.Section}: quote not found in seed {rule.Seed}: \"{missing}\"");
            }
        }
    }

    private static void Report(List<PolicyDiagnostic> diagnostics, SourceLocation location, string message) =>
        diagnostics.Add(new PolicyDiagnostic(location.File, location.Line, location.Column, message));
}
