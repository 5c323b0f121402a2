using System.Text.RegularExpressions;
using ComplianceService.Contracts.V1;
using ComplianceService.Testing;

namespace ComplianceService.Engine.UnitTests;

/// <summary>Every rule quotes its seed verbatim (whitespace-normalized; "…" joins fragments), so
/// a citation shows the words that decide. A rule's seed is its source's unless the rule names its
/// own (RSMo 67.307(3) as SO0801 II quotes it). Checked here independently of the compiler's own check.</summary>
public sealed class QuoteTests
{
    [SharedFact]
    public void Every_rule_quote_appears_in_its_seed_file()
    {
        var checkedQuotes = 0;
        foreach (var source in CompiledPolicies.Policy.Jurisdictions.SelectMany(j => j.Sources))
        {
            if (source.Seed is null)
            {
                // Only public law (federal law, the Missouri statute) is quoted from public text.
                Assert.Contains(source.Authority, new[] { Authority.FederalLaw, Authority.StateLaw });
            }

            foreach (var rule in source.Rules)
            {
                if (rule.Seed is null)
                {
                    Assert.Null(source.Seed); // a seeded source's rules are all checked
                    continue;
                }

                var seed = Normalize(File.ReadAllText(Path.Combine(RepositoryPaths.Seeds, rule.Seed + ".txt")));
                foreach (var fragment in rule.Quote.Split('…'))
                {
                    Assert.True(seed.Contains(Normalize(fragment), StringComparison.Ordinal), $"{source.Id} {rule.Section}: \"{fragment}\" is not in {rule.Seed}");
                    checkedQuotes++;
                }
            }
        }

        Assert.True(checkedQuotes > 40, $"only {checkedQuotes} quotes checked");
    }

    private static string Normalize(string text) => Regex.Replace(text, @"\s+", " ").Trim();
}
