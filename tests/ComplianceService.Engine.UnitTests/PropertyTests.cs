using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Internal;

namespace ComplianceService.Engine.UnitTests;

/// <summary>Generated requests by the thousand: the tables of the loaded bundle agree with the
/// rule-by-rule reference evaluation of the policy files (unknown facts and what-if included), and
/// Advise agrees with Check.</summary>
/// <remarks>
/// What the table tests prove: compiling, serializing, loading, the request reader, the gather
/// into table cells, epochs, unknown facts and what-if reproduce the reference evaluation exactly.
/// What they cannot catch: a wrong rule. The compiler fills the tables with the same
/// <c>ReferenceEvaluator</c> over the same parsed policy files, so a rule misread from DOMAIN.md
/// (or an evaluator that combines wrongly) is wrong the same way on both sides. The rules
/// themselves are checked against hand-written expectations in <see cref="ReferenceSemanticsTests"/>
/// and <see cref="VersionTwoChangesTests"/>.
/// </remarks>
public sealed class PropertyTests
{
    private static readonly DateTime Now = RequestGenerator.Now;
    private static IReadOnlyList<string> Jurisdictions => CompiledPolicies.Snapshot.JurisdictionIds;

    [Fact]
    public void TablesEqualTheReference_ForGeneratedEncounters()
    {
        var generator = new RequestGenerator(seed: 1);
        for (var i = 0; i < 20_000; i++)
        {
            var request = generator.Encounter(Jurisdictions, maxUnknown: i % 5 == 0 ? 3 : 0);
            var decision = CompiledPolicies.Snapshot.CheckEncounter(request, Now);
            Assert.True(decision.IsDecided);
            Assert.Equal(ReferenceDecisions.For(request, Now), decision.ToMessage());
        }
    }

    [Fact]
    public void TablesEqualTheReference_ForGeneratedCooperationRequests()
    {
        var generator = new RequestGenerator(seed: 2);
        for (var i = 0; i < 10_000; i++)
        {
            var request = generator.Cooperation(Jurisdictions, maxUnknown: i % 4 == 0 ? 4 : 0);
            var decision = CompiledPolicies.Snapshot.CheckCooperationRequest(request, Now);
            Assert.True(decision.IsDecided);
            Assert.Equal(ReferenceDecisions.For(request, Now), decision.ToMessage());
        }
    }

    [Fact]
    public void Advise_agrees_with_Check_action_by_action()
    {
        var generator = new RequestGenerator(seed: 3);
        for (var i = 0; i < 3_000; i++)
        {
            var request = generator.Encounter(Jurisdictions, maxUnknown: i % 3 == 0 ? 2 : 0, withAction: false);
            var advice = CompiledPolicies.Snapshot.AdviseEncounter(request, Now);
            Assert.True(advice.IsDecided);
            Assert.Equal(9, advice.Decisions.Length);
            for (var action = 1; action <= 9; action++)
            {
                var single = request.Clone();
                single.Action = (Contracts.V1.Action)action;
                var advised = advice.Decisions[action - 1].ToMessage();
                if (single.Action == Contracts.V1.Action.CertifyVisa && single.Crime == Crime.Unspecified)
                {
                    // Check needs a crime for CERTIFY_VISA; Advise answers without a visa.
                    Assert.Equal(Visa.Unspecified, advised.Visa);
                    continue;
                }

                Assert.Equal(CompiledPolicies.Snapshot.CheckEncounter(single, Now).ToMessage(), advised);
            }
        }
    }

    [Fact]
    public void The_portable_gather_agrees_with_PEXT_and_a_wrong_gather_would_be_caught()
    {
        var random = new Random(4);
        var generator = new RequestGenerator(seed: 4);
        var checkedCells = 0;
        var mismatchesWithWrongGather = 0;
        for (var i = 0; i < 5_000; i++)
        {
            var request = generator.Encounter(Jurisdictions, maxUnknown: 0);
            request.IncludeWhatIf = false; // a table cell holds the template alone
            var ticks = request.AsOf?.ToDateTime().Ticks ?? Now.Ticks;
            var table = CompiledPolicies.Snapshot.TableFor(request.Jurisdiction, ticks, (int)request.Action - 1);
            var noise = (ulong)random.NextInt64() & InputLayout.EncounterInputBits;
            Assert.Same(table.Cell(table.Gather(noise)), table.Lookup(noise));

            // The comparison with the reference is sharp enough to see a gather off by one cell.
            if (table.Mask != 0)
            {
                checkedCells++;
                var input = ReferenceDecisions.Pack(request);
                var wrong = new EngineDecision(table.Cell(table.Gather(input) ^ 1)).ToMessage();
                if (!wrong.Equals(ReferenceDecisions.For(request, Now)))
                {
                    mismatchesWithWrongGather++;
                }
            }
        }

        Assert.True(mismatchesWithWrongGather > checkedCells / 4, $"only {mismatchesWithWrongGather} of {checkedCells} wrong-gather lookups differ");
    }
}
