using System.Collections.Immutable;
using ComplianceService.Contracts.V1;

namespace ComplianceService.Engine.Internal;

/// <summary>
/// The answer for a request with unknown facts (DOMAIN.md "Unknown facts"): every assignment
/// decided through the same table; the headline is the most cautious outcome (PROHIBITED,
/// APPROVAL_REQUIRED, REQUIRED, NOT_ADDRESSED, PERMITTED) with the obligations and citations of
/// the first assignment giving it.
/// </summary>
internal sealed class UnknownFactsResolution
{
    private UnknownFactsResolution(DecisionTemplate headline, Fact[] dependsOn, EngineAlternative[] alternatives)
    {
        Headline = headline;
        DependsOn = dependsOn;
        Alternatives = alternatives;
    }

    public DecisionTemplate Headline { get; }

    public Fact[] DependsOn { get; }

    public EngineAlternative[] Alternatives { get; }

    /// <summary>Decides every assignment of <paramref name="unknown"/> (bit i of an assignment =
    /// fact i true) on top of the known input.</summary>
    public static UnknownFactsResolution Create(CompiledTable table, ulong known, ReadOnlySpan<Fact> unknown)
    {
        var count = 1 << unknown.Length;
        Span<Outcome> outcomes = stackalloc Outcome[16];
        var headline = 0;
        for (var a = 0; a < count; a++)
        {
            outcomes[a] = table.Lookup(Assign(known, unknown, a)).Outcome;
            if (Caution(outcomes[a]) < Caution(outcomes[headline]))
            {
                headline = a;
            }
        }

        Span<Fact> dependsOn = stackalloc Fact[4];
        var dependsCount = 0;
        for (var i = 0; i < unknown.Length; i++)
        {
            for (var a = 0; a < count; a++)
            {
                if (outcomes[a] != outcomes[a ^ (1 << i)])
                {
                    dependsOn[dependsCount++] = unknown[i];
                    break;
                }
            }
        }

        Span<Fact> trueFacts = stackalloc Fact[4];
        var alternatives = new EngineAlternative[count];
        for (var a = 0; a < count; a++)
        {
            var n = 0;
            for (var i = 0; i < unknown.Length; i++)
            {
                if ((a & (1 << i)) != 0)
                {
                    trueFacts[n++] = unknown[i];
                }
            }

            alternatives[a] = new EngineAlternative(n == 0 ? [] : ImmutableArray.Create(trueFacts[..n]), outcomes[a]);
        }

        return new UnknownFactsResolution(table.Lookup(Assign(known, unknown, headline)), dependsOn[..dependsCount].ToArray(), alternatives);
    }

    /// <summary>The headline outcome alone, without allocating: the most cautious over every
    /// assignment of the unknown facts (what-if asks it once per flipped fact).</summary>
    public static Outcome HeadlineOutcome(CompiledTable table, ulong known, ReadOnlySpan<Fact> unknown)
    {
        var headline = table.Lookup(known).Outcome;
        for (var a = 1; a < 1 << unknown.Length; a++)
        {
            var outcome = table.Lookup(Assign(known, unknown, a)).Outcome;
            if (Caution(outcome) < Caution(headline))
            {
                headline = outcome;
            }
        }

        return headline;
    }

    private static ulong Assign(ulong known, ReadOnlySpan<Fact> unknown, int assignment)
    {
        for (var i = 0; i < unknown.Length; i++)
        {
            if ((assignment & (1 << i)) != 0)
            {
                known |= InputLayout.FactBit(unknown[i]);
            }
        }

        return known;
    }

    /// <summary>How cautious an outcome is, most cautious first (0 = PROHIBITED): the headline of
    /// unknown facts is the first assignment with the lowest value. <c>compliancectl explain</c>
    /// picks its headline assignment by the same order.</summary>
    internal static int Caution(Outcome outcome) => outcome switch
    {
        Outcome.Prohibited => 0,
        Outcome.ApprovalRequired => 1,
        Outcome.Required => 2,
        Outcome.NotAddressed => 3,
        _ => 4,
    };
}
