using ComplianceService.Testing;
using YamlDotNet.RepresentationModel;

namespace ComplianceService.Engine.UnitTests;

/// <summary>
/// The rules a snapshot keeps for reading (a jurisdiction's policy page) are the policy files' rules, each as written:
/// read here straight from the YAML, not through the compiler.
/// </summary>
public sealed class RuleListingTests
{
    [Fact]
    public void Every_source_keeps_its_rules_in_file_order_with_clause_quote_condition_and_guidance()
    {
        var snapshot = CompiledPolicies.Snapshot;
        var sources = 0;
        foreach (var file in Directory.GetFiles(RepositoryPaths.Policies, "*.yaml"))
        {
            var yaml = new YamlStream();
            using (var reader = File.OpenText(file))
            {
                yaml.Load(reader);
            }

            var root = (YamlMappingNode)yaml.Documents[0].RootNode;
            if (!root.Children.TryGetValue("sources", out var list))
            {
                continue;
            }

            foreach (var source in ((YamlSequenceNode)list).Cast<YamlMappingNode>())
            {
                sources++;
                var id = Scalar(source, "id");
                var written = source.Children.TryGetValue("rules", out var rules) ? ((YamlSequenceNode)rules).Cast<YamlMappingNode>().ToList() : [];
                var kept = snapshot.RulesOf(id);
                Assert.True(written.Count == kept.Length, $"{id}: {written.Count} rules in {Path.GetFileName(file)}, {kept.Length} kept");
                for (var i = 0; i < written.Count; i++)
                {
                    Assert.Equal(id, kept[i].Source);
                    Assert.Equal(Scalar(written[i], "section"), kept[i].Section);
                    Assert.Equal(Scalar(written[i], "quote"), kept[i].Quote);
                    Assert.Equal(Scalar(written[i], "guidance"), kept[i].Guidance);
                    Assert.Equal(written[i].Children.ContainsKey("when") ? Scalar(written[i], "when").Trim() : "", kept[i].When);
                    Assert.Equal(written[i].Children.ContainsKey("attach"), kept[i].Outcome == Contracts.V1.Outcome.Unspecified);
                }
            }
        }

        Assert.Equal(snapshot.Jurisdictions.SelectMany(j => j.Sources).Select(s => s.Id).Distinct().Count(), sources);
        Assert.Empty(snapshot.RulesOf("no/such-source"));
    }

    [Fact]
    public void A_rule_names_what_it_applies_to_and_its_obligations()
    {
        // Roeland Park's ordinance (as reported): residents are alerted of a planned federal operation.
        var notice = Assert.Single(CompiledPolicies.Snapshot.RulesOf("rp/ordinance-2020"), r => r.Section == "resident notice");
        Assert.Equal(new[] { Contracts.V1.Request.PlannedOperation }, notice.Requests.ToArray());
        Assert.Empty(notice.Actions);
        Assert.Equal(new[] { Contracts.V1.Obligation.NotifyResidents }, notice.Obligations.ToArray());
        Assert.Equal(Contracts.V1.Provenance.NewsReport, notice.Provenance);
        Assert.Equal("not CRIME_IN_PROGRESS", notice.When);

        // "requests: all" lists every request.
        var all = CompiledPolicies.Snapshot.RulesOf("rp/directive").First(r => r.Section == "III.g");
        Assert.Equal(Enum.GetValues<Contracts.V1.Request>().Where(r => r != Contracts.V1.Request.Unspecified).ToArray(), all.Requests.ToArray());
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;
}
