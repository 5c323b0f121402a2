using ComplianceService.Contracts.V1;
using ComplianceService.Policies;
using ComplianceService.Policies.Internal;
using ComplianceService.Engine.Internal;
using ComplianceService.Policy.V1;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Engine.UnitTests;

/// <summary>Who acts on each obligation (DOMAIN.md "Obligations") and how reliable each citation's
/// words are (DOMAIN.md "Provenance"), over every decision template of the bundle and over
/// decisions reached through the snapshot. The expectations are written out here by hand.</summary>
public sealed class ActorAndProvenanceTests
{
    /// <summary>DOMAIN.md's Obligations table: code -> actor, and the one deadline.</summary>
    private static readonly Dictionary<Obligation, (Actor Actor, TimeSpan? Deadline)> ObligationTable = new()
    {
        [Obligation.ObtainApproval] = (Actor.Officer, null),
        [Obligation.WeighFactors] = (Actor.Supervisor, null),
        [Obligation.NotifyResidents] = (Actor.Agency, TimeSpan.FromHours(48)),
        [Obligation.InformConsularRights] = (Actor.Officer, null),
        [Obligation.NotifyConsulate] = (Actor.Agency, null),
        [Obligation.ContactIceNow] = (Actor.Officer, null),
        [Obligation.ReleaseIfNoTimelyResponse] = (Actor.Officer, null),
        [Obligation.NotifyIceAsap] = (Actor.Agency, null),
        [Obligation.StatusCheckViaCommunications] = (Actor.CommunicationsCenter, null),
        [Obligation.ForwardToDetectives] = (Actor.Officer, null),
        [Obligation.DocumentDecision] = (Actor.DetectiveDivision, null),
    };

    private static readonly string[] AreaStatements = ["kcpd/statement-2017", "oppd/statement-2017", "kckpd/statement-2017", "ipd/statement-2017"];

    private static readonly ReferenceEvaluator Evaluator = new(CompiledPolicies.Policy);

    /// <summary>DOMAIN.md's provenance of a citation: the ordinance is a news report; the four
    /// Kansas City-area statements rest on the editorial board's words for cooperation requests
    /// (the "hold only on a warrant" and "assist ICE" rows) and on the agencies' reported words for
    /// encounters; Bozeman's statement is the agency's; federal law, RSMo and the directives are
    /// official text.</summary>
    private static Provenance ExpectedProvenance(string source, bool cooperation) => source switch
    {
        "rp/ordinance-2020" => Provenance.NewsReport,
        _ when AreaStatements.Contains(source) => cooperation ? Provenance.Editorial : Provenance.PressStatement,
        "bpd/statement" => Provenance.PressStatement,
        _ => Provenance.OfficialText,
    };

    [Fact]
    public void Every_obligation_of_every_template_names_its_actor_and_deadline()
    {
        var bundle = PolicyBundle.Parser.ParseFrom(CompiledPolicies.Compilation.Bundle);
        var seen = new HashSet<Obligation>();
        foreach (var template in bundle.Templates)
        {
            foreach (var index in template.Obligations)
            {
                var obligation = bundle.Obligations[(int)index];
                var (actor, deadline) = ObligationTable[obligation.Code];
                Assert.Equal(actor, obligation.Actor);
                Assert.Equal((long)(deadline?.TotalSeconds ?? 0), obligation.DeadlineSeconds);
                seen.Add(obligation.Code);
            }
        }

        Assert.Equal(ObligationTable.Keys.Order(), seen.Order());
    }

    [Fact]
    public void Every_obligation_reached_through_the_snapshot_names_its_actor()
    {
        // Every jurisdiction, action, contact and role, with no fact, each fact alone and each pair
        // of facts; every request with every set of basis facts.
        var snapshot = CompiledPolicies.Snapshot;
        var facts = ReferenceDecisions.EncounterFacts;
        var seen = new HashSet<Obligation>();
        var decisions = 0;

        void Check(EngineDecision decision)
        {
            Assert.True(decision.IsDecided);
            decisions++;
            foreach (var obligation in decision.Template.Obligations)
            {
                var (actor, deadline) = ObligationTable[obligation.Code];
                Assert.True(actor == obligation.Actor, $"{obligation.Code} from {obligation.Source} {obligation.Section}: actor {obligation.Actor}, DOMAIN.md says {actor}");
                Assert.Equal(deadline, obligation.Deadline);
                seen.Add(obligation.Code);
            }
        }

        var request = new EncounterRequest { Crime = Crime.Stalking };
        foreach (var jurisdiction in snapshot.JurisdictionIds)
        {
            request.Jurisdiction = jurisdiction;
            for (var action = 1; action <= InputLayout.ActionCount; action++)
            {
                request.Action = (Action)action;
                for (var contact = 1; contact <= InputLayout.ContactCount; contact++)
                {
                    request.Contact = (Contact)contact;
                    for (var role = 1; role <= InputLayout.RoleCount; role++)
                    {
                        request.Role = (Role)role;
                        for (var i = -1; i < facts.Length; i++)
                        {
                            for (var j = i; j < facts.Length; j++)
                            {
                                request.Facts.Clear();
                                if (i >= 0)
                                {
                                    request.Facts.Add(facts[i]);
                                }

                                if (j > i)
                                {
                                    request.Facts.Add(facts[j]);
                                }

                                Check(snapshot.CheckEncounter(request, Checks.Now));
                            }
                        }
                    }
                }
            }

            for (var kind = 1; kind <= InputLayout.RequestCount; kind++)
            {
                for (var set = 0; set < 1 << ReferenceDecisions.BasisFacts.Length; set++)
                {
                    var cooperation = Checks.Cooperation(jurisdiction, (Request)kind, [.. ReferenceDecisions.BasisFacts.Where((_, b) => (set & (1 << b)) != 0)]);
                    Check(snapshot.CheckCooperationRequest(cooperation, Checks.Now));
                }
            }
        }

        Assert.True(decisions > 100_000, $"only {decisions} decisions");
        Assert.Equal(ObligationTable.Keys.Order(), seen.Order());
    }

    [Fact]
    public void Every_citation_of_every_template_has_the_provenance_DOMAIN_md_gives_its_rule()
    {
        var bundle = PolicyBundle.Parser.ParseFrom(CompiledPolicies.Compilation.Bundle);
        var sources = new HashSet<string>();
        foreach (var template in bundle.Templates)
        {
            foreach (var index in template.Citations)
            {
                var citation = bundle.Citations[(int)index];
                var source = bundle.Sources[(int)citation.Source].Id;
                Assert.True(
                    ExpectedProvenance(source, template.Request != Request.Unspecified) == citation.Provenance,
                    $"{source} {citation.Section} on {template.Action}{template.Request}: {citation.Provenance}");
                sources.Add(source);
            }
        }

        // Every source of DOMAIN.md is cited somewhere.
        Assert.Equal(12, sources.Count);
    }

    [Fact]
    public void Every_citation_carries_the_provenance_of_the_rule_it_came_from()
    {
        // Decided through the snapshot and, rule by rule, by the reference evaluator: each citation's
        // provenance is the parsed rule's (its own, or its source's), and what DOMAIN.md says.
        var generator = new RequestGenerator(seed: 6);
        var jurisdictions = CompiledPolicies.Snapshot.JurisdictionIds;
        var kinds = new HashSet<Provenance>();
        for (var i = 0; i < 6_000; i++)
        {
            var cooperation = i % 3 == 0;
            EngineDecision decision;
            ReferenceDecision reference;
            if (cooperation)
            {
                var request = generator.Cooperation(jurisdictions, maxUnknown: 0);
                decision = CompiledPolicies.Snapshot.CheckCooperationRequest(request, Checks.Now);
                var input = 0UL;
                foreach (var fact in request.Basis)
                {
                    input |= InputLayout.FactBit(fact);
                }

                reference = Evaluator.Evaluate(CompiledPolicies.Policy.Find(request.Jurisdiction)!, (request.AsOf?.ToDateTime() ?? Checks.Now).Ticks, InputLayout.RequestTarget(request.Request), input);
            }
            else
            {
                var request = generator.Encounter(jurisdictions, maxUnknown: 0);
                decision = CompiledPolicies.Snapshot.CheckEncounter(request, Checks.Now);
                reference = Evaluator.Evaluate(CompiledPolicies.Policy.Find(request.Jurisdiction)!, (request.AsOf?.ToDateTime() ?? Checks.Now).Ticks, InputLayout.ActionTarget(request.Action), ReferenceDecisions.Pack(request));
            }

            var citations = decision.Template.Citations;
            Assert.Equal(reference.Answers.Count, citations.Length);
            for (var c = 0; c < citations.Length; c++)
            {
                var rule = reference.Answers[c].Rule;
                Assert.Equal(rule.Source.Id, citations[c].Source);
                Assert.Equal(rule.Provenance, citations[c].Provenance);
                Assert.Equal(ExpectedProvenance(citations[c].Source, cooperation), citations[c].Provenance);
                kinds.Add(citations[c].Provenance);
            }
        }

        Assert.Equal(4, kinds.Count);
    }

    [Fact]
    public void Every_listed_source_has_the_provenance_of_most_of_its_words()
    {
        var sources = CompiledPolicies.Snapshot.ToListJurisdictionsResponse().Jurisdictions.SelectMany(j => j.Sources).DistinctBy(s => s.Id).ToList();

        Assert.Equal(12, sources.Count);
        foreach (var source in sources)
        {
            // A statement source is the agency's statement; its editorial rules say so themselves.
            Assert.Equal(ExpectedProvenance(source.Id, cooperation: false), source.Provenance);
        }
    }
}
