using System.Text.Json;
using ComplianceService.Contracts.V1;
using ComplianceService.Scenarios;
using ComplianceService.Testing;
using Google.Protobuf;

namespace ComplianceService.Cli.UnitTests;

/// <summary>
/// compliancectl explain: its final answer is the engine's (the compiled bundle, through the gRPC adapter) and the
/// scenario's for every public scenario; the trace names the rule that answered and the ones that did not, with the
/// facts they read (expected lines written by hand from policies/*.yaml).
/// </summary>
public sealed class ExplainCommandTests
{
    [SharedTheory]
    [MemberData(nameof(PublicScenarios.Names), MemberType = typeof(PublicScenarios))]
    public async Task Explain_of_a_scenario_request_as_JSON_answers_as_the_engine_and_the_scenario(string name)
    {
        var scenario = PublicScenarios.Named(name);
        using var temp = new TemporaryDirectory();
        var path = temp.File("request.json");
        File.WriteAllText(path, JsonFormatter.Default.Format(scenario.Encounter ?? (IMessage)scenario.Cooperation!));
        var now = DateTime.UtcNow;

        var run = await CliRun.RunAsync("explain", "--request-json", path, "--policies", RepositoryPaths.Policies, "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Output);
        var outcome = json.RootElement.GetProperty("outcome").GetString();
        var obligations = json.RootElement.GetProperty("obligations").EnumerateArray()
            .Select(o => $"{o.GetProperty("code").GetString()} {o.GetProperty("source").GetString()} {o.GetProperty("section").GetString()}").ToList();
        var citations = json.RootElement.GetProperty("answers").EnumerateArray()
            .Select(a => $"{a.GetProperty("source").GetString()} {a.GetProperty("section").GetString()} {a.GetProperty("outcome").GetString()} {a.GetProperty("effect").GetString()}").ToList();

        // The engine: the compiled snapshot as the server's handler decides.
        var error = scenario.Encounter is { } encounter
            ? CompiledPolicies.Served.CheckEncounter(encounter, now, out var decision)
            : CompiledPolicies.Served.CheckCooperationRequest(scenario.Cooperation!, now, out decision);
        Assert.Null(error);
        Assert.Equal(WireEnum.Name(decision!.Outcome, "OUTCOME_"), outcome);
        Assert.Equal(decision.Obligations.Select(o => $"{WireEnum.Name(o.Code, "OBLIGATION_")} {o.Source} {o.Section}"), obligations);
        Assert.Equal(
            decision.Citations.Select(c => $"{c.Source} {c.Section} {WireEnum.Name(c.Outcome, "OUTCOME_")} {WireEnum.Name(c.Effect, "EFFECT_")}"),
            citations);
        Assert.Equal(decision.Guidance, json.RootElement.GetProperty("guidance").GetString());

        // The scenario, as DOMAIN.md gives it.
        Assert.Equal(WireEnum.Name(scenario.Expect.Outcome, "OUTCOME_"), outcome);
        if (scenario.Expect.Obligations is { } expected)
        {
            Assert.Equal(expected.Select(o => WireEnum.Name(o, "OBLIGATION_")).Order(StringComparer.Ordinal), obligations.Select(o => o.Split(' ')[0]).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Roeland_Park_inquiry_on_a_stop_names_the_rule_that_answered_and_the_one_that_did_not_hold_with_the_facts_it_read()
    {
        var run = await CliRun.RunAsync(
            "explain", "-j", "us-ks-roeland-park", "--action", "INQUIRE_STATUS", "--contact", "TRAFFIC_STOP", "--role", "SUSPECT", "--policies", RepositoryPaths.Policies);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = Lines(run.Output);
        Assert.Equal("us-ks-roeland-park (Roeland Park Police Department): INQUIRE_STATUS on " + lines[0].Split(" on ")[1], lines[0]);
        Assert.Equal("inputs: contact TRAFFIC_STOP, role SUSPECT", lines[1]);

        // The directive (us-ks-roeland-park.yaml): III.b PERMITTED when STATUS_PERTINENT (line 21) does not hold, the
        // unconditional III.b PROHIBITED (line 27) answers.
        AssertInOrder(
            lines,
            "rp/directive (DEPARTMENT_DIRECTIVE, date unknown: in force on every date): answers PROHIBITED by III.b",
            "  III.b [us-ks-roeland-park.yaml:21] PERMITTED when STATUS_PERTINENT: does not hold (STATUS_PERTINENT=false)",
            "  III.b [us-ks-roeland-park.yaml:27] PROHIBITED when always: holds: the source's answer",
            "rp/ordinance-2020 (LOCAL_ORDINANCE, in force from 2020-12-21): no rule for INQUIRE_STATUS");

        // Rodriguez (us.yaml) speaks to the inquiry, but the stop is not extended: silent, with every input it read.
        AssertInOrder(
            lines,
            "us/rodriguez-2015 (FEDERAL_LAW, in force from 2015-04-21): silent: none of its deciding rules holds",
            "  575 U.S. 348, 350 [us.yaml:127] PROHIBITED when STOP_EXTENDED and not (REASONABLE_SUSPICION and (STATUS_PERTINENT or IDENTITY_UNKNOWN)): does not hold "
                + "(STATUS_PERTINENT=false, REASONABLE_SUSPICION=false, IDENTITY_UNKNOWN=false, WOULD_EXTEND_CONTACT=false, contact=TRAFFIC_STOP)");
        Assert.Contains("us/vccr-art36 (FEDERAL_LAW, in force from 1969-12-24): no rule for INQUIRE_STATUS", lines);

        AssertInOrder(
            lines,
            "  rp/directive III.b (DEPARTMENT_DIRECTIVE): PROHIBITED, determining",
            "outcome: PROHIBITED",
            "guidance: Do not ask about status unless it is pertinent to the investigation (RPPD Directive III.b)",
            "obligations: none");
    }

    [Fact]
    public async Task When_the_first_rule_answers_the_rules_after_it_are_not_reached()
    {
        var run = await CliRun.RunAsync(
            "explain", "-j", "us-ks-roeland-park", "-a", "INQUIRE_STATUS", "-c", "INVESTIGATION", "--role", "SUSPECT", "-f", "STATUS_PERTINENT", "-p", RepositoryPaths.Policies);

        Assert.True(run.ExitCode == 0, run.ToString());
        AssertInOrder(
            Lines(run.Output),
            "inputs: contact INVESTIGATION, role SUSPECT, STATUS_PERTINENT",
            "rp/directive (DEPARTMENT_DIRECTIVE, date unknown: in force on every date): answers PERMITTED by III.b",
            "  III.b [us-ks-roeland-park.yaml:21] PERMITTED when STATUS_PERTINENT: holds: the source's answer (STATUS_PERTINENT=true)",
            "  III.b [us-ks-roeland-park.yaml:27] PROHIBITED when always: not reached (the source has answered)",
            "outcome: PERMITTED");
    }

    [Fact]
    public async Task A_stronger_preempting_answer_is_named_as_what_overrides_the_directive()
    {
        // 8 U.S.C. 1373(a) PERMITTED preempts PROHIBITED; the directive's III.e (requests: all, no condition) answers PROHIBITED.
        var run = await CliRun.RunAsync("explain", "-j", "us-ks-roeland-park", "--request", "STATUS_INFORMATION", "--agency", "ICE", "-p", RepositoryPaths.Policies);

        Assert.True(run.ExitCode == 0, run.ToString());
        AssertInOrder(
            Lines(run.Output),
            "us/8usc1373 (FEDERAL_LAW, in force from 1996-09-30): answers PERMITTED by 1373(a)",
            "  us/8usc1373 1373(a) (FEDERAL_LAW): PERMITTED, determining",
            "  rp/directive III.e (DEPARTMENT_DIRECTIVE): PROHIBITED, overridden by us/8usc1373 1373(a)",
            "outcome: PERMITTED");
    }

    [Fact]
    public async Task A_source_not_yet_in_force_at_the_date_is_said_so_and_its_rules_are_not_tried()
    {
        // The Roeland Park ordinance is in force from 2020-12-21; on 2019-06-01 only the directive speaks to a detainer.
        var run = await CliRun.RunAsync(
            "explain", "-j", "us-ks-roeland-park", "--request", "DETAINER", "--agency", "ICE", "--as-of", "2019-06-01T12:00:00Z", "-p", RepositoryPaths.Policies);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = Lines(run.Output);
        var ordinance = lines.IndexOf("rp/ordinance-2020 (LOCAL_ORDINANCE, in force from 2020-12-21): not in force on that date");
        Assert.True(ordinance >= 0, run.Output);
        Assert.True(ordinance + 1 == lines.Count || !lines[ordinance + 1].StartsWith("  ", StringComparison.Ordinal), run.Output);
        Assert.Contains("us-ks-roeland-park (Roeland Park Police Department): DETAINER on 2019-06-01 12:00:00Z", lines);
        Assert.Contains("outcome: PROHIBITED", lines);
    }

    [Fact]
    public async Task A_compiled_bundle_gives_the_same_answer_and_says_it_keeps_no_conditions()
    {
        using var temp = new TemporaryDirectory();
        var bundle = temp.File("policy.bundle");
        var compile = await CliRun.RunAsync("compile", "--policies", RepositoryPaths.Policies, "--out", bundle);
        Assert.True(compile.ExitCode == 0, compile.ToString());

        var run = await CliRun.RunAsync("explain", "-j", "us-ks-roeland-park", "--request", "STATUS_INFORMATION", "--agency", "ICE", "--bundle", bundle);

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = Lines(run.Output);
        Assert.Contains(lines, l => l.Contains("a bundle keeps no conditions", StringComparison.Ordinal));
        AssertInOrder(
            lines,
            "us/8usc1373 (FEDERAL_LAW, in force from 1996-09-30): answers PERMITTED by 1373(a)",
            "  us/8usc1373 1373(a) (FEDERAL_LAW): PERMITTED, determining",
            "  rp/directive III.e (DEPARTMENT_DIRECTIVE): PROHIBITED, overridden",
            "outcome: PERMITTED");
        Assert.DoesNotContain(lines, l => l.StartsWith("  III.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_facts_are_explained_with_the_most_cautious_assignment_and_every_alternative_listed()
    {
        // Roeland Park, detaining on a stop, public-safety threat unknown: PROHIBITED when false (III.c), APPROVAL_REQUIRED when true (III.f).
        var run = await CliRun.RunAsync(
            "explain", "-j", "us-ks-roeland-park", "-a", "DETAIN_OR_ARREST", "-c", "TRAFFIC_STOP", "--role", "SUSPECT", "-u", "PUBLIC_SAFETY_THREAT", "-p", RepositoryPaths.Policies);

        Assert.True(run.ExitCode == 0, run.ToString());
        AssertInOrder(
            Lines(run.Output),
            "unknown: PUBLIC_SAFETY_THREAT; explained with all of them false, the first assignment giving the most cautious outcome",
            "alternatives: none true -> PROHIBITED; PUBLIC_SAFETY_THREAT -> APPROVAL_REQUIRED",
            "outcome: PROHIBITED");
    }

    [Fact]
    public async Task A_JSON_request_with_an_unknown_action_exits_2_naming_it()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.File("request.json");
        File.WriteAllText(path, """{ "jurisdiction": "us-ks-roeland-park", "action": "ACTION_FLY", "contact": "CONTACT_TRAFFIC_STOP", "role": "ROLE_SUSPECT" }""");

        var run = await CliRun.RunAsync("explain", "--request-json", path, "-p", RepositoryPaths.Policies);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--request-json: not a valid EncounterRequest", run.Error, StringComparison.Ordinal);
        Assert.Contains("ACTION_FLY", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_the_server_would_refuse_exits_2_with_the_field_it_names()
    {
        var noContact = await CliRun.RunAsync("explain", "-j", "us-ks-roeland-park", "-a", "INQUIRE_STATUS", "--role", "SUSPECT", "-p", RepositoryPaths.Policies);
        var unknownJurisdiction = await CliRun.RunAsync("explain", "-j", "us-ks-atlantis", "-a", "INQUIRE_STATUS", "-c", "TRAFFIC_STOP", "--role", "SUSPECT", "-p", RepositoryPaths.Policies);

        Assert.True(noContact.ExitCode == 2, noContact.ToString());
        Assert.Contains("error: the request: contact", noContact.Error, StringComparison.Ordinal);
        Assert.True(unknownJurisdiction.ExitCode == 2, unknownJurisdiction.ToString());
        Assert.Contains("error: the request: jurisdiction: unknown jurisdiction 'us-ks-atlantis'", unknownJurisdiction.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JSON_and_flags_together_are_a_usage_error()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.File("request.json");
        File.WriteAllText(path, """{ "jurisdiction": "us-ks-roeland-park", "request": "REQUEST_DETAINER", "agency": "AGENCY_ICE" }""");

        var run = await CliRun.RunAsync("explain", "--request-json", path, "-j", "us-mo-st-joseph", "-p", RepositoryPaths.Policies);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("not both", run.Error, StringComparison.Ordinal);
    }

    private static List<string> Lines(string output) => [.. output.Split('\n').Select(l => l.TrimEnd('\r'))];

    /// <summary>Each expected line is in the output, after the previous one.</summary>
    private static void AssertInOrder(List<string> lines, params string[] expected)
    {
        var from = 0;
        foreach (var line in expected)
        {
            var at = lines.IndexOf(line, from);
            Assert.True(at >= 0, $"expected, after line {from}: {line}{Environment.NewLine}--- output ---{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
            from = at + 1;
        }
    }
}
