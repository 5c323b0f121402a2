using ComplianceService.Contracts.V1;
using ComplianceService.Policies;
using ComplianceService.Testing;

namespace ComplianceService.Engine.UnitTests;

public sealed class CompilerTests
{
    [SharedFact]
    public void The_bundled_policies_compile_and_their_quotes_are_in_the_seeds()
    {
        var compilation = PolicyFolder.Compile(RepositoryPaths.Policies, RepositoryPaths.Seeds);
        Assert.Empty(compilation.Diagnostics);
        Assert.Matches("^[0-9a-f]{64}$", compilation.Revision);
        Assert.Equal(compilation.Revision, PolicySnapshot.Load(compilation.Bundle).Revision);
    }

    [Fact]
    public void The_same_files_always_give_the_same_bytes_and_revision()
    {
        var first = PolicyFolder.Compile(RepositoryPaths.Policies);
        var second = PolicyFolder.Compile(RepositoryPaths.Policies);
        using var copy = new PolicyDirectoryCopy();
        var fromCopy = PolicyFolder.Compile(copy.Path);

        Assert.Equal(first.Bundle, second.Bundle);
        Assert.Equal(first.Bundle, fromCopy.Bundle);
        Assert.Equal(first.Revision, fromCopy.Revision);
    }

    [Fact]
    public void A_changed_rule_changes_the_revision()
    {
        using var copy = new PolicyDirectoryCopy();
        copy.Replace("us-mt-bozeman.yaml", "outcome: PROHIBITED", "outcome: APPROVAL_REQUIRED");
        var changed = PolicyFolder.Compile(copy.Path);

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
                provenance: OFFICIAL_TEXT
                effective: 2020-01-01
                seed: none
                rules:
                  - section: "7"
                    quote: "Never contact ICE."
                    actions: [CONTACT_ICE]
                    outcome: PROHIBITED
                    guidance: "Never contact ICE (SJPD memo 7)"

            """);

        var compilation = PolicyFolder.Compile(copy.Path);

        // SO0801 II.B.5 makes contacting ICE REQUIRED when status is in question and there are no
        // grounds to hold: the one rule of equal authority that contradicts the memo.
        var required = CompiledPolicies.Policy.Find("us-mo-st-joseph")!.Sources.Single(s => s.Id == "stj/so0801").Rules
            .Single(r => r.Outcome == Outcome.Required && r.SpeaksTo((int)Contracts.V1.Action.ContactIce - 1));
        Assert.False(compilation.Succeeded);
        var conflict = Assert.Single(compilation.Diagnostics);
        Assert.Contains("policy conflict", conflict.Message);
        Assert.Contains($"us-mo-st-joseph.yaml:{required.Location.Line} stj/so0801 II.B.5", conflict.Message);
        Assert.Contains($"us-mo-st-joseph.yaml:{copy.LineOf("us-mo-st-joseph.yaml", "section: \"7\"")} stj/memo 7", conflict.Message);
        Assert.Contains("CONTACT_ICE", conflict.Message);
        Assert.Contains("from 2020-01-01", conflict.Message);
        Assert.EndsWith("us-mo-st-joseph.yaml", conflict.File);
    }

    [Fact]
    public void A_REQUIRED_over_a_lower_PROHIBITED_is_no_conflict()
    {
        // RSMo 67.307 (state law) REQUIRED and a department PROHIBITED for the same request: the higher wins.
        using var copy = new PolicyDirectoryCopy();
        copy.Append("us-mo-kansas-city.yaml", """
              - id: kcpd/memo
                title: A memo against sharing status
                short: KCPD memo
                authority: DEPARTMENT_DIRECTIVE
                provenance: OFFICIAL_TEXT
                effective: unknown
                seed: none
                rules:
                  - section: "1"
                    quote: "Do not share status."
                    requests: [STATUS_INFORMATION]
                    outcome: PROHIBITED
                    guidance: "Do not share status (KCPD memo 1)"

            """);

        var compilation = PolicyFolder.Compile(copy.Path);

        Assert.True(compilation.Succeeded, string.Join("\n", compilation.Diagnostics));
        var decision = PolicySnapshot.Load(compilation.Bundle).CheckCooperationRequest(
            new CooperationRequest { Jurisdiction = "us-mo-kansas-city", Request = Request.StatusInformation, Agency = Agency.Ice }, RequestGenerator.Now).ToMessage();
        Assert.Equal(Outcome.Required, decision.Outcome);
        Assert.Equal(Effect.Overridden, decision.Citations.Single(c => c.Source == "kcpd/memo").Effect);
    }

    [Fact]
    public void A_rule_without_a_quote_is_rejected_with_file_and_line()
    {
        using var copy = new PolicyDirectoryCopy();
        copy.Replace("us-mt-bozeman.yaml", "        quote: \"We encourage everyone to communicate with Bozeman police officers without fear of inquiry regarding their immigration status.\"\n", "");

        var diagnostic = Assert.Single(PolicyFolder.Compile(copy.Path).Diagnostics);

        Assert.Equal(copy.File("us-mt-bozeman.yaml"), diagnostic.File);
        Assert.Equal(copy.LineOf("us-mt-bozeman.yaml", "section: statement"), diagnostic.Line);
        Assert.Contains("missing 'quote'", diagnostic.Message);
    }

    [Fact]
    public void A_rule_without_a_section_is_rejected_with_file_and_line()
    {
        using var copy = new PolicyDirectoryCopy();
        copy.Replace("us-mt-bozeman.yaml", "      - section: statement\n        quote:", "      - quote:");

        var diagnostic = Assert.Single(PolicyFolder.Compile(copy.Path).Diagnostics);

        Assert.Equal(copy.LineOf("us-mt-bozeman.yaml", "- quote:"), diagnostic.Line);
        Assert.Contains("missing 'section'", diagnostic.Message);
    }

    [Fact]
    public void A_bad_date_is_rejected_with_file_and_line()
    {
        using var copy = new PolicyDirectoryCopy();
        copy.Replace("us-ks-overland-park.yaml", "effective: 2017-02-25", "effective: 2017-02-30");

        var diagnostic = Assert.Single(PolicyFolder.Compile(copy.Path).Diagnostics);

        Assert.Equal(copy.File("us-ks-overland-park.yaml"), diagnostic.File);
        Assert.Equal(copy.LineOf("us-ks-overland-park.yaml", "effective: 2017-02-30"), diagnostic.Line);
        Assert.Contains("bad effective date '2017-02-30'", diagnostic.Message);
    }

    [Fact]
    public void An_unknown_fact_name_is_rejected_with_file_line_and_column()
    {
        using var copy = new PolicyDirectoryCopy();
        copy.Replace("us-mo-independence.yaml", "when: SERIOUS_CRIME or IDENTITY_UNKNOWN", "when: SERIOUS_CRIME or IDENTITY_UNKOWN");

        var diagnostic = Assert.Single(PolicyFolder.Compile(copy.Path).Diagnostics);

        var line = copy.LineOf("us-mo-independence.yaml", "IDENTITY_UNKOWN");
        Assert.Equal(line, diagnostic.Line);
        Assert.Equal(File.ReadAllLines(copy.File("us-mo-independence.yaml"))[line - 1].IndexOf("IDENTITY_UNKOWN", StringComparison.Ordinal) + 1, diagnostic.Column);
        Assert.Contains("unknown name 'IDENTITY_UNKOWN'", diagnostic.Message);
    }

    [Theory]
    [InlineData("us-ks.yaml", "when: CRIMINAL_WARRANT", "when: STATE_CHARGE", "STATE_CHARGE is not an input of a cooperation request")]
    [InlineData("us-ks.yaml", "when: CRIMINAL_WARRANT", "when: DETAINED", "predicate DETAINED reads contact BOOKING, which is not an input of a cooperation request")]
    [InlineData("us-ks.yaml", "when: CRIMINAL_WARRANT", "when: STATUS_IN_QUESTION", "STATUS_IN_QUESTION is not an input of a cooperation request")]
    [InlineData("us-ks.yaml", "when: CRIMINAL_WARRANT", "when: CONSULAR_NOTIFICATION_REQUESTED", "CONSULAR_NOTIFICATION_REQUESTED is not an input of a cooperation request")]
    [InlineData("us-ks.yaml", "when: STATUS_IN_QUESTION", "when: CRIMINAL_ACTIVITY", "CRIMINAL_ACTIVITY is not an input of an encounter")]
    [InlineData("us-mt-bozeman.yaml", "actions: [INQUIRE_STATUS]\n        outcome", "actions: [INQUIRE_STATUS]\n        when: CRIMINAL_ACTIVITY\n        outcome", "CRIMINAL_ACTIVITY is not an input of an encounter")]
    [InlineData("us-mt-bozeman.yaml", "actions: [INQUIRE_STATUS]", "actions: [INQUIRE_STATUSES]", "unknown action 'INQUIRE_STATUSES'")]
    [InlineData("us-mt-bozeman.yaml", "outcome: PROHIBITED", "outcome: NOT_ADDRESSED", "outcome must be PROHIBITED, REQUIRED, APPROVAL_REQUIRED or PERMITTED")]
    [InlineData("us-mt-bozeman.yaml", "authority: PUBLIC_STATEMENT", "authority: RUMOUR", "unknown authority 'RUMOUR'")]
    [InlineData("us-mt-bozeman.yaml", "parent: us-mt", "parent: us-wy", "unknown parent 'us-wy'")]
    [InlineData("us-mt-bozeman.yaml", "id: bpd/statement", "id: ipd/statement-2017", "duplicate source id 'ipd/statement-2017'")]
    [InlineData("us-mt-bozeman.yaml", "id: us-mt-bozeman", "id: us-mt-bozeman-pd", "does not match the file name")]
    [InlineData("us-mt-bozeman.yaml", "seed: 004_cc2cd55a8ad75bf6", "seed: 004", "bad seed '004'")]
    [InlineData("us-mt-bozeman.yaml", "outcome: PROHIBITED", "outcome: PROHIBITED\n        obligations: [CALL_MOM]", "unknown obligation 'CALL_MOM'")]
    [InlineData("us-mt-bozeman.yaml", "outcome: PROHIBITED", "outcome: PROHIBITED\n        color: red", "unknown key 'color'")]
    [InlineData("us-mt-bozeman.yaml", "outcome: PROHIBITED", "outcome: PROHIBITED\n        always: true", "'always' belongs to an attach rule")]
    [InlineData("us-mt-bozeman.yaml", "guidance: \"Do not ask about immigration status", "guidance: \"................................................................................................................................................................. Do not ask about immigration status", "at most 160")]
    // Version 2 format keys: provenance (per source, required; per rule, optional), actor per
    // vocabulary obligation, preempts (a list, on a PERMITTED rule only), implications, rule seed.
    [InlineData("us-mt-bozeman.yaml", "    provenance: PRESS_STATEMENT\n", "", "missing 'provenance'")]
    [InlineData("us-mt-bozeman.yaml", "provenance: PRESS_STATEMENT", "provenance: RUMOUR", "unknown name 'RUMOUR'")]
    [InlineData("us-ks.yaml", "outcome: PERMITTED", "outcome: PERMITTED\n        provenance: HEARSAY", "unknown name 'HEARSAY'")]
    [InlineData("us.yaml", "    OBTAIN_APPROVAL:\n      actor: OFFICER", "    OBTAIN_APPROVAL:\n      actor: CLERK", "unknown name 'CLERK'")]
    [InlineData("us.yaml", "    OBTAIN_APPROVAL:\n      actor: OFFICER\n", "    OBTAIN_APPROVAL:\n", "obligation OBTAIN_APPROVAL: missing 'actor'")]
    [InlineData("us-mt-bozeman.yaml", "outcome: PROHIBITED", "outcome: PROHIBITED\n        preempts: [PROHIBITED]", "only a PERMITTED rule may preempt")]
    [InlineData("us-ks.yaml", "outcome: PERMITTED", "outcome: PERMITTED\n        preempts: [REQUIRED]", "preempts lists PROHIBITED and/or APPROVAL_REQUIRED")]
    [InlineData("us.yaml", "STATUS_IN_QUESTION: \"ICE_DETAINER", "STATUS_IN_QUERY: \"ICE_DETAINER", "implication 'STATUS_IN_QUERY'")]
    [InlineData("us.yaml", "CRIMINAL_ACTIVITY: \"CRIME_IN_PROGRESS\"", "CRIMINAL_ACTIVITY: \"STATE_CHARGE\"", "STATE_CHARGE is not an input of a request carrying CRIMINAL_ACTIVITY")]
    [InlineData("us-ks.yaml", "outcome: PERMITTED", "outcome: PERMITTED\n        seed: 000", "bad seed '000'")]
    public void Bad_policy_text_is_rejected_naming_the_file_and_line(string file, string old, string replacement, string message)
    {
        using var copy = new PolicyDirectoryCopy();
        AddKansasTestSource(copy);
        copy.Replace(file, old, replacement);

        var compilation = PolicyFolder.Compile(copy.Path);

        Assert.False(compilation.Succeeded);
        var diagnostic = Assert.Single(compilation.Diagnostics, d => d.Message.Contains(message, StringComparison.Ordinal));
        Assert.True(diagnostic.Line > 0, diagnostic.ToString());
        Assert.StartsWith(copy.Path, diagnostic.File, StringComparison.Ordinal);
    }

    [SharedFact]
    public void The_Kansas_test_source_alone_compiles()
    {
        using var copy = new PolicyDirectoryCopy();
        AddKansasTestSource(copy);

        var compilation = PolicyFolder.Compile(copy.Path, RepositoryPaths.Seeds);

        Assert.True(compilation.Succeeded, string.Join("\n", compilation.Diagnostics));
    }

    [Fact]
    public void An_implication_expands_every_condition_reading_the_fact()
    {
        // The test source's rule 2 reads STATUS_IN_QUESTION; the vocabulary implies it from an ICE
        // detainer or an immigration warrant (DOMAIN.md "Derived").
        using var copy = new PolicyDirectoryCopy();
        AddKansasTestSource(copy);
        var snapshot = PolicySnapshot.Load(PolicyFolder.Compile(copy.Path).Bundle);

        Assert.Equal(Outcome.Prohibited, Inquire(snapshot, Fact.StatusInQuestion));
        Assert.Equal(Outcome.Prohibited, Inquire(snapshot, Fact.IceDetainer));
        Assert.Equal(Outcome.Prohibited, Inquire(snapshot, Fact.ImmigrationWarrant));
        Assert.Equal(Outcome.NotAddressed, Inquire(snapshot, Fact.CriminalWarrant));

        // Without the implication an ICE detainer is just an ICE detainer.
        copy.Replace("us.yaml", "STATUS_IN_QUESTION: \"ICE_DETAINER or IMMIGRATION_WARRANT\"", "STATUS_IN_QUESTION: \"IMMIGRATION_WARRANT\"");
        var narrower = PolicySnapshot.Load(PolicyFolder.Compile(copy.Path).Bundle);
        Assert.Equal(Outcome.NotAddressed, Inquire(narrower, Fact.IceDetainer));
        Assert.Equal(Outcome.Prohibited, Inquire(narrower, Fact.ImmigrationWarrant));

        static Outcome Inquire(PolicySnapshot snapshot, Fact fact) => snapshot.CheckEncounter(
            new EncounterRequest { Jurisdiction = "us-ks", Action = Contracts.V1.Action.InquireStatus, Contact = Contact.CallForService, Role = Role.Suspect, Facts = { fact } },
            RequestGenerator.Now).Outcome;
    }

    [SharedFact]
    public void A_rule_level_seed_is_checked_against_that_seed()
    {
        // The test source has no seed; its rule 3 names seed 000 (the RPPD directive) and quotes it.
        using var copy = new PolicyDirectoryCopy();
        AddKansasTestSource(copy);
        var seeds = RepositoryPaths.Seeds;
        Assert.True(PolicyFolder.Compile(copy.Path, seeds).Succeeded);

        copy.Replace("us-ks.yaml", "shall not stop, question, or interrogate", "shall never stop, question, or interrogate");

        Assert.True(PolicyFolder.Compile(copy.Path).Succeeded); // without seeds quotes are not checked
        var diagnostic = Assert.Single(PolicyFolder.Compile(copy.Path, seeds).Diagnostics);
        Assert.Contains("rule ks/test-source 3: quote not found in seed 000_b5877ab4b80003f7", diagnostic.Message);
        Assert.Equal(copy.LineOf("us-ks.yaml", "section: \"3\""), diagnostic.Line);
    }

    [Fact]
    public void A_rule_provenance_overrides_its_source_s()
    {
        using var copy = new PolicyDirectoryCopy();
        AddKansasTestSource(copy);
        copy.Replace("us-ks.yaml", "outcome: PERMITTED", "outcome: PERMITTED\n        provenance: EDITORIAL");
        var snapshot = PolicySnapshot.Load(PolicyFolder.Compile(copy.Path).Bundle);

        var assist = snapshot.CheckCooperationRequest(
            new CooperationRequest { Jurisdiction = "us-ks", Request = Request.EnforcementAssistance, Agency = Agency.Ice, Basis = { Fact.CriminalWarrant } }, RequestGenerator.Now).ToMessage();
        var inquire = snapshot.CheckEncounter(
            new EncounterRequest { Jurisdiction = "us-ks", Action = Contracts.V1.Action.InquireStatus, Contact = Contact.CallForService, Role = Role.Suspect, Facts = { Fact.StatusInQuestion } }, RequestGenerator.Now).ToMessage();

        Assert.Equal(Provenance.Editorial, Assert.Single(assist.Citations).Provenance);
        Assert.Equal(Provenance.OfficialText, Assert.Single(inquire.Citations).Provenance);
        Assert.Equal(Provenance.OfficialText, snapshot.ToListJurisdictionsResponse().Jurisdictions.Single(j => j.Id == "us-ks").Sources.Single(s => s.Id == "ks/test-source").Provenance);
    }

    [Fact]
    public void An_obligation_actor_comes_from_the_vocabulary()
    {
        using var copy = new PolicyDirectoryCopy();
        copy.Replace("us.yaml", "    OBTAIN_APPROVAL:\n      actor: OFFICER", "    OBTAIN_APPROVAL:\n      actor: AGENCY");
        var snapshot = PolicySnapshot.Load(PolicyFolder.Compile(copy.Path).Bundle);

        var decision = snapshot.CheckCooperationRequest(
            new CooperationRequest { Jurisdiction = "us-ks-roeland-park", Request = Request.Detainer, Agency = Agency.Ice, Basis = { Fact.CriminalWarrant } }, RequestGenerator.Now).ToMessage();

        var obligation = Assert.Single(decision.Obligations);
        Assert.Equal((Obligation.ObtainApproval, Actor.Agency), (obligation.Code, obligation.Actor));
    }

    [SharedFact]
    public void A_quote_not_in_its_seed_is_rejected_when_seeds_are_given()
    {
        using var copy = new PolicyDirectoryCopy();
        copy.Replace("us-mt-bozeman.yaml", "without fear of inquiry", "without any fear of inquiry");

        Assert.True(PolicyFolder.Compile(copy.Path).Succeeded);
        var diagnostic = Assert.Single(PolicyFolder.Compile(copy.Path, RepositoryPaths.Seeds).Diagnostics);
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
    public void The_compiler_compiles_inline_sources_with_no_files()
    {
        // The seam: (name, text) in, bundle out; no folder, and a seed library given as text.
        var sources = PolicyFolder.ReadPolicies(RepositoryPaths.Policies).Select(s => new PolicySource(Path.GetFileName(s.Name), s.Text)).ToList();
        var root = sources.Single(s => s.Name == "us-ks.yaml");
        sources[sources.IndexOf(root)] = root with
        {
            Text = root.Text.Replace("sources: []", """
                sources:
                  - id: ks/inline
                    title: An inline source
                    short: KS inline
                    authority: STATE_LAW
                    provenance: OFFICIAL_TEXT
                    effective: unknown
                    seed: 999_0000000000000000
                    rules:
                      - section: "1"
                        quote: "Officers   shall not ask."
                        actions: [INQUIRE_STATUS]
                        outcome: PROHIBITED
                        guidance: "Do not ask (KS inline 1)"
                """, StringComparison.Ordinal),
        };
        var compilation = PolicyCompiler.Compile(sources);

        Assert.True(compilation.Succeeded, string.Join("\n", compilation.Diagnostics));
        var decision = PolicySnapshot.Load(compilation.Bundle).CheckEncounter(new EncounterQuery
        {
            Jurisdiction = "us-ks",
            Action = Contracts.V1.Action.InquireStatus,
            Contact = Contact.CallForService,
            Role = Role.Suspect,
            AsOf = RequestGenerator.Now,
        });
        Assert.Equal(("ks/inline", Outcome.Prohibited), (decision.Template.Citations.Single().Source, decision.Outcome));

        // Quotes are checked against a seed library given as text; a miss names the inline source.
        // (The library here holds only the inline seed: the other rules report theirs missing.)
        var right = PolicyCompiler.Compile(sources, new PolicyCompilerOptions { Seeds = new Dictionary<string, string> { ["999_0000000000000000"] = "Preamble. Officers shall not\nask. The end." } });
        Assert.DoesNotContain(right.Diagnostics, d => d.Message.Contains("999_0000000000000000", StringComparison.Ordinal));
        var wrong = PolicyCompiler.Compile(sources, new PolicyCompilerOptions { Seeds = new Dictionary<string, string> { ["999_0000000000000000"] = "Other words." } });
        var diagnostic = Assert.Single(wrong.Diagnostics, d => d.Message.Contains("999_0000000000000000", StringComparison.Ordinal));
        Assert.Equal("us-ks.yaml", diagnostic.File);
        Assert.Contains("quote not found in seed 999_0000000000000000", diagnostic.Message);
    }

    [Fact]
    public void A_missing_directory_is_a_diagnostic_not_an_exception()
    {
        var compilation = PolicyFolder.Compile(Path.Combine(Path.GetTempPath(), "no-such-policies-" + Guid.NewGuid().ToString("N")));

        Assert.False(compilation.Succeeded);
        Assert.Contains("not found", Assert.Single(compilation.Diagnostics).Message);
    }

    /// <summary>Gives Kansas (no source in the seeds) a hypothetical state-law source the format
    /// tests can edit without depending on the bundled policies' wording: a cooperation rule (1), an
    /// encounter rule reading STATUS_IN_QUESTION (2), and a rule whose quote is checked against a
    /// seed it names itself (3).</summary>
    private static void AddKansasTestSource(PolicyDirectoryCopy copy) => copy.Replace("us-ks.yaml", "sources: []", """
        sources:
          - id: ks/test-source
            title: A hypothetical Kansas source for format tests
            short: KS test
            authority: STATE_LAW
            provenance: OFFICIAL_TEXT
            effective: unknown
            seed: none
            rules:
              - section: "1"
                quote: "Officers shall assist."
                requests: [ENFORCEMENT_ASSISTANCE]
                when: CRIMINAL_WARRANT
                outcome: PERMITTED
                guidance: "Assist on a warrant (KS test 1)"
              - section: "2"
                quote: "Officers shall not ask."
                actions: [INQUIRE_STATUS]
                when: STATUS_IN_QUESTION
                outcome: PROHIBITED
                guidance: "Do not ask (KS test 2)"
              - section: "3"
                seed: 000_b5877ab4b80003f7
                quote: "The Roeland Park Police Department shall not stop, question, or interrogate any individual solely to determine nationality or citizenship status."
                actions: [STOP_FOR_STATUS]
                outcome: PROHIBITED
                guidance: "Do not stop anyone to determine status (KS test 3)"
        """);
}
