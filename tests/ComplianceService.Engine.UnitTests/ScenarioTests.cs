using ComplianceService.Contracts.V1;
using ComplianceService.Scenarios;
using ComplianceService.Testing;
using YamlDotNet.RepresentationModel;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Engine.UnitTests;

/// <summary>
/// Every public acceptance scenario (../shared/scenarios/public.yaml), decided by the engine, and
/// the scenario reader and comparer themselves (so a scenario that passes has been compared).
/// </summary>
public sealed class ScenarioTests
{
    [SharedTheory]
    [MemberData(nameof(PublicScenarios.Names), MemberType = typeof(PublicScenarios))]
    public void Scenario_is_decided_as_DOMAIN_md_says(string name)
    {
        var scenario = PublicScenarios.Named(name);
        var result = ScenarioRunner.Run(CompiledPolicies.Served, scenario, DateTime.UtcNow);
        Assert.True(result.Passed, $"{scenario.Name} ({scenario.Why}):{Environment.NewLine}{string.Join(Environment.NewLine, result.Mismatches)}");
    }

    [SharedFact]
    public void The_scenario_file_is_found_and_not_empty()
    {
        Assert.True(PublicScenarios.All.Count >= 40);
    }

    /// <summary>
    /// The file is plain YAML now (no line needs quoting before parsing), and the reader keeps every
    /// version 2 key a scenario gives: each is checked against the raw YAML tree, not against a copy
    /// of the expectations.
    /// </summary>
    [SharedFact]
    public void The_reader_keeps_every_key_the_file_gives()
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(RepositoryPaths.PublicScenarios))
        {
            stream.Load(reader);
        }

        var raw = ((YamlSequenceNode)stream.Documents[0].RootNode).Children.Cast<YamlMappingNode>().ToList();
        var scenarios = PublicScenarios.All;
        Assert.Equal(raw.Count, scenarios.Count);
        for (var i = 0; i < raw.Count; i++)
        {
            var request = (YamlMappingNode)raw[i][new YamlScalarNode("request")];
            var expect = (YamlMappingNode)raw[i][new YamlScalarNode("expect")];
            var scenario = scenarios[i];
            Assert.Equal(((YamlScalarNode)raw[i][new YamlScalarNode("name")]).Value, scenario.Name);
            Assert.Equal(
                request.Children.TryGetValue(new YamlScalarNode("include_what_if"), out var include) && ((YamlScalarNode)include).Value == "true",
                scenario.IncludeWhatIf);
            Assert.Equal(Count(request, "unknown_facts"), scenario.UnknownFacts.Count);
            Assert.Equal(Count(request, scenario.Encounter is null ? "basis" : "facts"), scenario.KnownFacts.Count);
            Assert.Equal(Count(expect, "what_if"), scenario.Expect.WhatIf?.Count ?? 0);
            Assert.Equal(expect.Children.ContainsKey(new YamlScalarNode("what_if")), scenario.Expect.WhatIf is not null);
            Assert.Equal(
                expect.Children.TryGetValue(new YamlScalarNode("provenance"), out var provenance) ? ((YamlMappingNode)provenance).Children.Count : 0,
                scenario.Expect.Provenance.Count);
            Assert.Equal(expect.Children.ContainsKey(new YamlScalarNode("visa")), scenario.Expect.Visa is not null);
            Assert.Equal(expect.Children.ContainsKey(new YamlScalarNode("overridden")), scenario.Expect.Overridden is not null);
        }

        // The version 2 keys are there to be read at all.
        Assert.Contains(scenarios, s => s.IncludeWhatIf && s.Expect.WhatIf is { Count: > 0 });
        Assert.Contains(scenarios, s => s.Expect.Provenance.Count > 0);
        Assert.Contains(scenarios, s => s.Expect.Visa == Visa.Unlisted);
    }

    [Fact]
    public void A_line_that_is_not_YAML_is_an_error_not_quietly_repaired()
    {
        var path = Write("""
            - name: free-text
              why: U visa request: Roeland Park is silent
              rpc: CheckEncounter
              request: {jurisdiction: us-ks-roeland-park, action: INQUIRE_STATUS, contact: TRAFFIC_STOP, role: SUSPECT}
              expect: {outcome: PROHIBITED}
            """);
        try
        {
            Assert.ThrowsAny<YamlDotNet.Core.YamlException>(() => ScenarioFile.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("request", "    include_what_if: maybe\n", "maybe")]
    [InlineData("expect", "    what_if_typo: []\n", "what_if_typo")]
    [InlineData("expect", "    provenance:\n      rp/directive: HEARSAY\n", "HEARSAY")]
    [InlineData("expect", "    what_if:\n      - {fact: STATE_CHARGE, becomes: true, outcome: PROHIBITED}\n", "becomes")]
    public void A_key_or_value_the_reader_does_not_know_is_an_error(string section, string line, string named)
    {
        var text = "- name: x\n  rpc: CheckEncounter\n  request:\n    jurisdiction: us-ks-roeland-park\n    action: INQUIRE_STATUS\n"
            + (section == "request" ? line : "") + "  expect:\n    outcome: PROHIBITED\n" + (section == "expect" ? line : "");
        var path = Write(text);
        try
        {
            var error = Assert.ThrowsAny<Exception>(() => ScenarioFile.Load(path));
            Assert.Contains(named, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Provenance_is_the_maps_value_or_OFFICIAL_TEXT_for_every_determining_citation()
    {
        var scenario = Parse("""
              expect:
                outcome: PROHIBITED
                determining: [rp/directive, rp/ordinance-2020]
                provenance:
                  rp/ordinance-2020: NEWS_REPORT
            """);
        var right = Decide(Outcome.Prohibited, ("rp/directive", Provenance.OfficialText), ("rp/ordinance-2020", Provenance.NewsReport));
        var unlistedNotOfficial = Decide(Outcome.Prohibited, ("rp/directive", Provenance.Editorial), ("rp/ordinance-2020", Provenance.NewsReport));
        var listedButOfficial = Decide(Outcome.Prohibited, ("rp/directive", Provenance.OfficialText), ("rp/ordinance-2020", Provenance.OfficialText));
        var unset = Decide(Outcome.Prohibited, ("rp/directive", Provenance.Unspecified), ("rp/ordinance-2020", Provenance.NewsReport));

        Assert.Empty(ScenarioComparer.Compare(scenario, right));
        Assert.Contains("provenance: rp/directive III.x: expected OFFICIAL_TEXT, got EDITORIAL", ScenarioComparer.Compare(scenario, unlistedNotOfficial));
        Assert.Contains("provenance: rp/ordinance-2020 III.x: expected NEWS_REPORT, got OFFICIAL_TEXT", ScenarioComparer.Compare(scenario, listedButOfficial));
        Assert.Contains("provenance: rp/directive III.x: expected OFFICIAL_TEXT, got UNSPECIFIED", ScenarioComparer.Compare(scenario, unset));
    }

    [Fact]
    public void What_if_is_compared_as_the_exact_list_in_order()
    {
        var scenario = Parse("""
              expect:
                outcome: APPROVAL_REQUIRED
                what_if:
                  - {fact: STATE_CHARGE, becomes_true: false, outcome: PROHIBITED}
                  - {fact: SUPERVISOR_APPROVAL, becomes_true: true, outcome: PERMITTED}
            """, "    facts: [STATE_CHARGE]\n    include_what_if: true\n");
        var right = Decide(Outcome.ApprovalRequired);
        right.WhatIf.Add(Flip(Fact.StateCharge, false, Outcome.Prohibited));
        right.WhatIf.Add(Flip(Fact.SupervisorApproval, true, Outcome.Permitted));
        var missing = Decide(Outcome.ApprovalRequired);
        missing.WhatIf.Add(Flip(Fact.SupervisorApproval, true, Outcome.Permitted));
        var wrongOutcome = right.Clone();
        wrongOutcome.WhatIf[1].Outcome = Outcome.Required;
        var extra = right.Clone();
        extra.WhatIf.Add(Flip(Fact.WouldExtendContact, true, Outcome.Prohibited));

        Assert.True(scenario.IncludeWhatIf);
        Assert.Empty(ScenarioComparer.Compare(scenario, right));
        Assert.Contains(ScenarioComparer.Compare(scenario, missing), p => p.StartsWith("what_if: expected [STATE_CHARGE->false=PROHIBITED, SUPERVISOR_APPROVAL->true=PERMITTED]", StringComparison.Ordinal));
        Assert.Contains(ScenarioComparer.Compare(scenario, wrongOutcome), p => p.StartsWith("what_if: ", StringComparison.Ordinal));
        Assert.Contains(ScenarioComparer.Compare(scenario, extra), p => p.StartsWith("what_if: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Include_what_if_without_a_what_if_key_asserts_only_what_the_request_decides()
    {
        var scenario = Parse("""
              expect:
                outcome: PROHIBITED
            """, "    facts: [STATE_CHARGE]\n    unknown_facts: [SERIOUS_CRIME]\n    include_what_if: true\n");
        var any = Decide(Outcome.Prohibited);
        any.WhatIf.Add(Flip(Fact.StatusPertinent, true, Outcome.Permitted));
        var unknownListed = Decide(Outcome.Prohibited);
        unknownListed.WhatIf.Add(Flip(Fact.SeriousCrime, true, Outcome.Permitted));
        var wrongDirection = Decide(Outcome.Prohibited);
        wrongDirection.WhatIf.Add(Flip(Fact.StateCharge, true, Outcome.Permitted));
        var noChange = Decide(Outcome.Prohibited);
        noChange.WhatIf.Add(Flip(Fact.StatusPertinent, true, Outcome.Prohibited));
        var outOfOrder = Decide(Outcome.Prohibited);
        outOfOrder.WhatIf.Add(Flip(Fact.StatusPertinent, true, Outcome.Permitted));
        outOfOrder.WhatIf.Add(Flip(Fact.StateCharge, false, Outcome.Permitted));

        Assert.Null(scenario.Expect.WhatIf);
        Assert.Empty(ScenarioComparer.Compare(scenario, any));
        Assert.Contains("what_if: SERIOUS_CRIME is listed as unknown and must be left out", ScenarioComparer.Compare(scenario, unknownListed));
        Assert.Contains(ScenarioComparer.Compare(scenario, wrongDirection), p => p.StartsWith("what_if: STATE_CHARGE becomes_true must be false", StringComparison.Ordinal));
        Assert.Contains(ScenarioComparer.Compare(scenario, noChange), p => p.StartsWith("what_if: STATUS_PERTINENT gives PROHIBITED", StringComparison.Ordinal));
        Assert.Contains("what_if: STATE_CHARGE is out of Fact order (or listed twice)", ScenarioComparer.Compare(scenario, outOfOrder));
    }

    [Fact]
    public void Without_include_what_if_the_list_must_be_empty()
    {
        var scenario = Parse("""
              expect:
                outcome: PROHIBITED
            """);
        var decision = Decide(Outcome.Prohibited);
        decision.WhatIf.Add(Flip(Fact.StatusPertinent, true, Outcome.Permitted));

        Assert.Contains("what_if: none expected without include_what_if, got 1", ScenarioComparer.Compare(scenario, decision));
    }

    [Fact]
    public void Only_the_keys_a_scenario_gives_are_compared()
    {
        var bare = Parse("""
              expect:
                outcome: REQUIRED
            """);
        var full = Parse("""
              expect:
                outcome: REQUIRED
                obligations: []
                determining: [us/8usc1373]
                overridden: []
            """);
        var decision = Decide(Outcome.Required, ("us/8usc1373", Provenance.OfficialText));
        decision.Citations.Add(new Citation { Source = "rp/directive", Section = "III.e", Effect = Effect.Overridden, Provenance = Provenance.OfficialText });
        decision.Obligations.Add(new ObligationItem { Code = Obligation.ObtainApproval });

        Assert.Empty(ScenarioComparer.Compare(bare, decision));
        var problems = ScenarioComparer.Compare(full, decision);
        Assert.Contains("obligations: expected [], got [OBTAIN_APPROVAL]", problems);
        Assert.Contains("overridden: expected [], got [rp/directive]", problems);
    }

    [Fact]
    public void Alternatives_must_follow_binary_counting_order_over_the_unknown_facts()
    {
        var scenario = Parse("""
              expect:
                outcome: PROHIBITED
            """, "    unknown_facts: [STATE_CHARGE, COURT_ORDER]\n");
        var decision = Decide(Outcome.Prohibited);
        foreach (var facts in new[] { Array.Empty<Fact>(), [Fact.StateCharge], [Fact.CourtOrder], [Fact.StateCharge, Fact.CourtOrder] })
        {
            decision.Alternatives.Add(new Alternative { TrueFacts = { facts }, Outcome = Outcome.Prohibited });
        }

        var swapped = decision.Clone();
        (swapped.Alternatives[1], swapped.Alternatives[2]) = (swapped.Alternatives[2], swapped.Alternatives[1]);

        Assert.Empty(ScenarioComparer.Compare(scenario, decision));
        Assert.Contains(ScenarioComparer.Compare(scenario, swapped), p => p.StartsWith("alternatives: assignment 1 should be [STATE_CHARGE]", StringComparison.Ordinal));
    }

    private static Scenario Parse(string expect, string requestExtra = "")
    {
        var path = Write(
            "- name: synthetic\n  rpc: CheckEncounter\n  request:\n    jurisdiction: us-ks-roeland-park\n    action: CONTACT_ICE\n"
            + "    contact: INVESTIGATION\n    role: SUSPECT\n" + requestExtra + expect.TrimEnd() + "\n");
        try
        {
            return ScenarioFile.Load(path).Single();
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static Decision Decide(Outcome outcome, params (string Source, Provenance Provenance)[] determining)
    {
        var decision = new Decision { Outcome = outcome, Guidance = "synthetic guidance (Test I.a)" };
        foreach (var (source, provenance) in determining)
        {
            decision.Citations.Add(new Citation
            {
                Source = source, Section = "III.x", Quote = "q", Authority = Authority.DepartmentDirective,
                Outcome = outcome, Effect = Effect.Determining, Provenance = provenance,
            });
        }

        return decision;
    }

    private static WhatIf Flip(Fact fact, bool becomesTrue, Outcome outcome) => new() { Fact = fact, BecomesTrue = becomesTrue, Outcome = outcome };

    private static int Count(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlSequenceNode)value).Children.Count : 0;

    private static string Write(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"scenarios-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, text);
        return path;
    }
}
