using ComplianceService.Contracts.V1;
using ComplianceService.Engine;
using ComplianceService.Testing;

namespace ComplianceService.Wire.UnitTests;

/// <summary>Template bytes plus per-call fields parse to exactly the full message.</summary>
public sealed class DecisionWriterTests
{
    private static readonly DateTime Now = RequestGenerator.Now;

    private static DecisionEncoding Encoding => CompiledPolicies.Served.Encoding;

    public static TheoryData<string, string?> Ids() => new()
    {
        { "", null },
        { "0191d3c2-7a4e-7c3b-9a1f-3f2b6c8d9e01", "CAD-2025-000123" },
        { "d-é✓-ü", "incident ünïcode ✓" },
        { new string('x', 300), new string('y', 20_000) },
    };

    [Theory]
    [MemberData(nameof(Ids))]
    public void Written_bytes_parse_to_the_same_Decision_as_ToMessage(string decisionId, string? incidentId)
    {
        var generator = new RequestGenerator(seed: 5);
        var buffer = new byte[64 * 1024];
        for (var i = 0; i < 2_000; i++)
        {
            var decision = i % 2 == 0
                ? CompiledPolicies.Snapshot.CheckEncounter(generator.Encounter(CompiledPolicies.Snapshot.JurisdictionIds, maxUnknown: i % 3 == 0 ? 4 : 0), Now)
                : CompiledPolicies.Snapshot.CheckCooperationRequest(generator.Cooperation(CompiledPolicies.Snapshot.JurisdictionIds, maxUnknown: i % 3 == 0 ? 2 : 0), Now);

            var size = DecisionWriter.GetSize(Encoding, decision, decisionId, incidentId);
            var written = DecisionWriter.Write(Encoding, decision, decisionId, incidentId, buffer);

            Assert.Equal(size, written);
            var parsed = Decision.Parser.ParseFrom(buffer, 0, written);
            var expected = decision.ToMessage(decisionId, incidentId);
            Assert.Equal(expected, parsed);
            Assert.Equal(decisionId, parsed.DecisionId);
            Assert.Equal(incidentId ?? "", parsed.IncidentId);
            Assert.Equal(CompiledPolicies.Snapshot.Revision, parsed.PolicyRevision);
        }
    }

    [Fact]
    public void The_template_bytes_are_the_decision_without_per_call_fields()
    {
        var decision = CompiledPolicies.Snapshot.CheckEncounter(
            new EncounterRequest { Jurisdiction = "us-ks-roeland-park", Action = Contracts.V1.Action.HonorDetainer, Contact = Contact.Booking, Role = Role.Arrestee, Facts = { Fact.CourtOrder, Fact.IceDetainer } },
            Now);

        var template = Decision.Parser.ParseFrom(Encoding[decision.Template].ToArray());

        Assert.Equal(Outcome.Required, template.Outcome);
        Assert.Equal("us-ks-roeland-park", template.Jurisdiction);
        Assert.Equal(Contracts.V1.Action.HonorDetainer, template.Action);
        Assert.Equal("", template.DecisionId);
        Assert.Empty(template.Alternatives);
        var obligation = Assert.Single(template.Obligations);
        Assert.Equal(Obligation.ObtainApproval, obligation.Code);
        Assert.Equal("rp/directive", obligation.Source);
        Assert.Equal("III.a", obligation.Section);
        Assert.Equal(Actor.Officer, obligation.Actor);
        Assert.Contains("Chief of Police or a supervisor", obligation.Text);
        Assert.Contains(template.Citations, c => c.Source == "rp/directive" && c.Section == "III.f" && c.Quote.Contains("court order", StringComparison.Ordinal) && c.Provenance == Provenance.OfficialText);
        Assert.Empty(template.WhatIf);
    }

    [Fact]
    public void What_if_bytes_follow_the_template_and_parse_to_the_same_list()
    {
        // RPPD DETAIN_OR_ARREST on a state charge: PERMITTED; without the charge, III.c PROHIBITED.
        var request = new EncounterRequest
        {
            Jurisdiction = "us-ks-roeland-park",
            Action = Contracts.V1.Action.DetainOrArrest,
            Contact = Contact.TrafficStop,
            Role = Role.Suspect,
            Facts = { Fact.StateCharge },
            IncludeWhatIf = true,
        };
        var decision = CompiledPolicies.Snapshot.CheckEncounter(request, Now);
        var buffer = new byte[DecisionWriter.GetSize(Encoding, decision, "id", "incident")];

        var parsed = Decision.Parser.ParseFrom(buffer, 0, DecisionWriter.Write(Encoding, decision, "id", "incident", buffer));

        var flip = Assert.Single(parsed.WhatIf);
        Assert.Equal((Fact.StateCharge, false, Outcome.Prohibited), (flip.Fact, flip.BecomesTrue, flip.Outcome));
        Assert.Equal(decision.ToMessage("id", "incident"), parsed);
    }

    [Fact]
    public void Writing_an_invalid_decision_is_refused()
    {
        var invalid = EngineDecision.JurisdictionNotFound;

        Assert.Throws<InvalidOperationException>(() => DecisionWriter.GetSize(Encoding, invalid, "id", null));
    }
}
