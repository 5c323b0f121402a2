using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Compilation;
using ComplianceService.Testing;

namespace ComplianceService.Engine.UnitTests;

public sealed class CompilerTests
{
    [Fact]
    public void The_bundled_policies_compile_and_their_quotes_are_in_the_seeds()
    {
        var compilation = CompiledPolicies.Compilation;
        Assert.Empty(compilation.Diagnostics);
        Assert.Matches("^[0-9a-f]{64}$", compilation.Revision);
        Assert.Equal(compilation.Revision, PolicySnapshot.Load(compilation.Bundle).Revision);
    }

    [Fact]
    public void The_same_files_always_give_the_same_bytes_and_revision()
    {
        var first = PolicyCompiler.Compile(RepositoryPaths.Policies);
        var second = PolicyCompiler.Compile(RepositoryPaths.Policies);
        using var copy = new PolicyDirectoryCopy();
        var fromCopy = PolicyCompiler.Compile(copy.Path);

        Assert.Equal(first.Bundle, second.Bundle);
        Assert.Equal(first.Bundle, fromCopy.Bundle);
        Assert.Equal(first.Revision, fromCopy.Revision);
    }

    [Fact]
    public void A_changed_rule_changes_the_revision()
    {
        using var copy = new PolicyDirectoryCopy();
        copy.Replace("us-mt-bozeman.yaml", "outcome: PROHIBITED", "outcome: APPROVAL_REQUIRED");
        var changed = PolicyCompiler.Compile(copy.Path);

        Assert.True(changed.Succeeded, string.Join("\n", changed.Diagnostics));
        Assert.NotEqual(CompiledPolicies.Compilation.Revision, changed.Revision);
    }

    [Fact]
    public void An_equal_authority_REQUIRED_and_PROHIBITED_is_rejected_naming_both_rules()
    {
        using var copy = new PolicyDirectoryCopy();
        copy.Append("us-mo-st-joseph.yaml", """
              - id: stj/memo
                title: A memo that contradicts SO0801
                short: SJPD memo
                authority: DEPARTMENT_DIRECTIVE
                effective: 2020-01-01
                seed: none
                rules:
                  - section: "7"
                    quote: "Never contact ICE."
                    actions: [CONTACT_ICE]
                    outcome: PROHIBITED
                    guidance: "Never contact ICE (SJPD memo 7)"

            """);

        var compilation = PolicyCompiler.Compile(copy.Path);

        Assert.False(compilation.Succeeded);
        var conflict = Assert.Single(compilation.Diagnostics);
        Assert.Contains("policy conflict", conflict.Message);
        Assert.Contains($"us-mo-st-joseph.yaml:{copy.LineOf("us-mo-st-joseph.yaml", "no other city/state charges are appropriate") - 1} stj/so0801 II.B.5", conflict.Message);
        Assert.Contains($"us-mo-st-joseph.yaml:{copy.LineOf("us-mo-st-joseph.yaml", "section: \"7\"")} stj/memo 7", conflict.Message);
        Assert.Contains("CONTACT_ICE", conflict.Message);
        Assert.Contains("from 2020-01-01", conflict.Message);
        Assert.EndsWith("us-mo-st-joseph.yaml", conflict.File);
    }

    [Fact]
    public void A_REQUIRED_over_a_lower_PROHIBITED_is_no_conflict()
    {
        // RSMo (state law) REQUIRED and a department PROHIBITED for the same request: the higher wins.
        using var copy = new PolicyDirectoryCopy();
        copy.Replace("us-mo-st-joseph.yaml", "requests: all\n        outcome: REQUIRED", "requests: all\n        outcome: PROHIBITED");

        var compilation = PolicyCompiler.Compile(copy.Path);

        Assert.True(compilation.Succeeded, string.Join("\n", compilation.Diagnostics));
    }

    [Fact]
    public void A_rule_without_a_quote_is_rejected_with_file_and_line()
    {
        using var copy = new PolicyDirectoryCopy();
        copy.Replace("us-mt-bozeman.yaml", "        quote: \"We encourage everyone to communicate with Bozeman police officers without fear of inquiry regarding their immigration status.\"\n", "");

        var diagnostic = Assert.Single(PolicyCompiler.Compile(copy.Path).Diagnostics);

        Assert.Equal(copy.File("us-mt-bozeman.yaml"), diagnostic.File);
        Assert.Equal(copy.LineOf("us-mt-bozeman.yaml", "section: statement"), diagnostic.Line);
        Assert.Contains("missing 'quote'", diagnostic.Message);
    }

    [Fact]
    public void A_rule_without_a_section_is_rejected_with_file_and_line()
    {
        using var copy = new PolicyDirectoryCopy();
        copy.Replace("us-mt-bozeman.yaml", "      - section: statement\n        quote:", "      - quote:");

        var diagnostic = Assert.Single(PolicyCompiler.Compile(copy.Path).Diagnostics);

        Assert.Equal(copy.LineOf("us-mt-bozeman.yaml", "- quote:"), diagnostic.Line);
        Assert.Contains("missing 'section'", diagnostic.Message);
    }

    [Fact]
    public void A_bad_date_is_rejected_with_file_and_line()
    {
        using var copy = new PolicyDirectoryCopy();
        copy.Replace("us-ks-overland-park.yaml", "effective: 2017-02-25", "effective: 2017-02-30");

        var diagnostic = Assert.Single(PolicyCompiler.Compile(copy.Path).Diagnostics);

        Assert.Equal(copy.File("us-ks-overland-park.yaml"), diagnostic.File);
        Assert.Equal(copy.LineOf("us-ks-overland-park.yaml", "effective: 2017-02-30"), diagnostic.Line);
        Assert.Contains("bad effective date '2017-02-30'", diagnostic.Message);
    }

    [Fact]
    public void An_unknown_fact_name_is_rejected_with_file_line_and_column()
    {
        using var copy = new PolicyDirectoryCopy();
        copy.Replace("us-mo-independence.yaml", "when: SERIOUS_CRIME or IDENTITY_UNKNOWN", "when: SERIOUS_CRIME or IDENTITY_UNKOWN");

        var diagnostic = Assert.Single(PolicyCompiler.Compile(copy.Path).Diagnostics);

        var line = copy.LineOf("us-mo-independence.yaml", "IDENTITY_UNKOWN");
        Assert.Equal(line, diagnostic.Line);
        Assert.Equal(File.ReadAllLines(copy.File("us-mo-independence.yaml"))[line - 1].IndexOf("IDENTITY_UNKOWN", StringComparison.Ordinal) + 1, diagnostic.Column);
        Assert.Contains("unknown name 'IDENTITY_UNKOWN'", diagnostic.Message);
    }

    [Theory]
    [InlineData("us-mo-kansas-city.yaml", "requests: all\n        outcome: PERMITTED", "requests: all\n        when: STATE_CHARGE\n        outcome: PERMITTED", "STATE_CHARGE is not an input of a cooperation request")]
    [InlineData("us-mo-kansas-city.yaml", "requests: all\n        outcome: PERMITTED", "requests: all\n        when: DETAINED\n        outcome: PERMITTED", "predicate DETAINED reads contact BOOKING, which is not an input of a cooperation request")]
    [InlineData("us-mt-bozeman.yaml", "actions: [INQUIRE_STATUS]\n        outcome", "actions: [INQUIRE_STATUS]\n        when: CRIMINAL_ACTIVITY\n        outcome", "CRIMINAL_ACTIVITY is not an input of an encounter")]
    [InlineData("us-mt-bozeman.yaml", "actions: [INQUIRE_STATUS]", "actions: [INQUIRE_STATUSES]", "unknown action 'INQUIRE_STATUSES'")]
    [InlineData("us-mt-bozeman.yaml", "outcome: PROHIBITED", "outcome: NOT_ADDRESSED", "outcome must be PROHIBITED, REQUIRED, APPROVAL_REQUIRED or PERMITTED")]
    [InlineData("us-mt-bozeman.yaml", "authority: PUBLIC_STATEMENT", "authority: RUMOUR", "unknown authority 'RUMOUR'")]
    [InlineData("us-mt-bozeman.yaml", "parent: us-mt", "parent: us-wy", "unknown parent 'us-wy'")]
    [InlineData("us-mt-bozeman.yaml", "id: bpd/statement", "id: ipd/statement-2017", "duplicate source id 'ipd/statement-2017'")]
    [InlineData("us-mt-bozeman.yaml", "id: us-mt-bozeman", "id: us-mt-bozeman-pd", "does not match the file name")]
    [InlineData("us-mt-bozeman.yaml", "seed: 004_cc2cd55a8ad75bf6", "seed: 004", "bad seed '004'")]
    [InlineData("us-mt-bozeman.yaml", "outcome: PROHIBITED", "outcome: PROHIBITED\n        obligations: [CALL_MOM]", "unknown obligation 'CALL_MOM'")]
    [InlineData("us-mt-bozeman.yaml", "outcome: PROHIBITED", "outcome: PROHIBITED\n        preempts: true", "only a PERMITTED rule may preempt")]
    [InlineData("us-mt-bozeman.yaml", "outcome: PROHIBITED", "outcome: PROHIBITED\n        color: red", "unknown key 'color'")]
    [InlineData("us-mt-bozeman.yaml", "guidance: \"Do not ask about immigration status (BPD statement)\"", "guidance: \"Do not ask about immigration status (BPD statement) ................................................................................................................\"", "at most 160")]
    public void Bad_policy_text_is_rejected_naming_the_file_and_line(string file, string old, string replacement, string message)
    {
        using var copy = new PolicyDirectoryCopy();
        copy.Replace(file, old, replacement);

        var compilation = PolicyCompiler.Compile(copy.Path);

        Assert.False(compilation.Succeeded);
        var diagnostic = Assert.Single(compilation.Diagnostics, d => d.Message.Contains(message, StringComparison.Ordinal));
        Assert.True(diagnostic.Line > 0, diagnostic.ToString());
        Assert.StartsWith(copy.Path, diagnostic.File, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quote_not_in_its_seed_is_rejected_when_seeds_are_given()
    {
        using var copy = new PolicyDirectoryCopy();
        copy.Replace("us-mt-bozeman.yaml", "without fear of inquiry", "without any fear of inquiry");

        Assert.True(PolicyCompiler.Compile(copy.Path).Succeeded);
        var diagnostic = Assert.Single(PolicyCompiler.Compile(copy.Path, new PolicyCompilerOptions { SeedsDirectory = RepositoryPaths.Seeds }).Diagnostics);
        Assert.Contains("quote not found in seed 004_cc2cd55a8ad75bf6", diagnostic.Message);
        Assert.Equal(copy.LineOf("us-mt-bozeman.yaml", "section: statement"), diagnostic.Line);
    }

    [Fact]
    public void Coverage_counts_not_addressed_combinations_per_jurisdiction_epoch_and_target()
    {
        var coverage = CompiledPolicies.Compilation.Coverage!;

        // Roeland Park from the ordinance on: 15 targets in the last epoch.
        var rp = coverage.Entries.Where(e => e.Jurisdiction == "us-ks-roeland-park" && e.EpochStart == new DateOnly(2020, 12, 21)).ToList();
        Assert.Equal(15, rp.Count);

        // The directive answers every INQUIRE_STATUS combination...
        var inquire = rp.Single(e => e.Action == Contracts.V1.Action.InquireStatus);
        Assert.Equal(0, inquire.NotAddressed);
        Assert.Contains("STATUS_PERTINENT", inquire.Inputs);
        Assert.True(inquire.Combinations > 1);

        // ...nothing in its chain speaks to CERTIFY_VISA (only the crime is read, for the visa: 7 crimes).
        var visa = rp.Single(e => e.Action == Contracts.V1.Action.CertifyVisa);
        Assert.Equal(7, visa.Combinations);
        Assert.Equal(7, visa.NotAddressed);

        // NOTIFY_CONSULATE is addressed only when a foreign national is detained.
        var consulate = rp.Single(e => e.Action == Contracts.V1.Action.NotifyConsulate);
        Assert.True(consulate.NotAddressed > 0 && consulate.NotAddressed < consulate.Combinations);

        // Before Overland Park's statement of 2017-02-25 its INQUIRE_STATUS had no source but Rodriguez (2015).
        var op2016 = coverage.Entries.Single(e => e.Jurisdiction == "us-ks-overland-park" && e.EpochStart == new DateOnly(2015, 4, 21) && e.Action == Contracts.V1.Action.InquireStatus);
        Assert.True(op2016.NotAddressed > 0);
        Assert.Contains("us-ks-roeland-park", coverage.ToString());
    }

    [Fact]
    public void A_missing_directory_is_a_diagnostic_not_an_exception()
    {
        var compilation = PolicyCompiler.Compile(Path.Combine(Path.GetTempPath(), "no-such-policies-" + Guid.NewGuid().ToString("N")));

        Assert.False(compilation.Succeeded);
        Assert.Contains("not found", Assert.Single(compilation.Diagnostics).Message);
    }
}
