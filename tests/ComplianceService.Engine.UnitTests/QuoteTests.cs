using System.Text.RegularExpressions;
using ComplianceService.Testing;

namespace ComplianceService.Engine.UnitTests;

/// <summary>Every rule quotes its seed verbatim (whitespace-normalized; "…" joins fragments), so
/// a citation shows the words that decide. Checked here independently of the compiler's own check.</summary>
public sealed class QuoteTests
{
    [Fact]
    public void Every_rule_quote_appears_in_its_seed_file()
    {
        var checkedQuotes = 0;
        foreach (var source in CompiledPolicies.Policy.Jurisdictions.SelectMany(j => j.Sources))
        {
            if (source.Seed is null)
            {
                Assert.StartsWith("us/", source.Id, StringComparison.Ordinal); // only federal law is quoted from public text
                continue;
            }

            var seed = Normalize(File.ReadAllText(Path.Combine(RepositoryPaths.Seeds, source.Seed + ".txt")));
            foreach (var rule in source.Rules)
            {
                foreach (var fragment in rule.Quote.Split('…'))
                {
                    Assert.True(seed.Contains(Normalize(fragment), StringComparison.Ordinal), $"{source.Id} {rule.Section}: \"{fragment}\" is not in {source.Seed}");
                    checkedQuotes++;
                }
            }
        }

        Assert.True(checkedQuotes > 40, $"only {checkedQuotes} quotes checked");
    }

    private static string Normalize(string text) => Regex.Replace(text, @"\s+", " ").Trim();
}
