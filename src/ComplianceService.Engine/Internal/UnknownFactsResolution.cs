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
    private const byte DependsOnTag = (7 << 3) | 2;
    private const byte AlternativeTag = (8 << 3) | 2;
    private const byte TrueFactsTag = (1 << 3) | 2;
    private const byte OutcomeTag = 2 << 3;

    private readonly byte[] _encoded;

    private UnknownFactsResolution(DecisionTemplate headline, Fact[] dependsOn, EngineAlternative[] alternatives, byte[] encoded)
    {
        Headline = headline;
        DependsOn = dependsOn;
        Alternatives = alternatives;
        _encoded = encoded;
    }

    public DecisionTemplate Headline { get; }

    public Fact[] DependsOn { get; }

    public EngineAlternative[] Alternatives { get; }

    /// <summary>Fields 7 (depends_on, packed) and 8 (alternatives) of a Decision, serialized.</summary>
    public ReadOnlySpan<byte> Encoded => _encoded;

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

        var depends = dependsOn[..dependsCount].ToArray();
        return new UnknownFactsResolution(table.Lookup(Assign(known, unknown, headline)), depends, alternatives, Encode(depends, alternatives));
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

    public void AddTo(Decision decision)
    {
        decision.DependsOn.Add(DependsOn);
        foreach (var alternative in Alternatives)
        {
            var message = new Alternative { Outcome = alternative.Outcome };
            message.TrueFacts.Add(alternative.TrueFacts);
            decision.Alternatives.Add(message);
        }
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

    /// <summary>Every value written is a small enum number (one varint byte) and every length is
    /// under 128, so each field is tag, one length byte, payload.</summary>
    private static byte[] Encode(Fact[] dependsOn, EngineAlternative[] alternatives)
    {
        var size = dependsOn.Length == 0 ? 0 : 2 + dependsOn.Length;
        foreach (var alternative in alternatives)
        {
            size += 2 + AlternativeSize(alternative);
        }

        var bytes = new byte[size];
        var at = 0;
        if (dependsOn.Length > 0)
        {
            bytes[at++] = DependsOnTag;
            bytes[at++] = (byte)dependsOn.Length;
            foreach (var fact in dependsOn)
            {
                bytes[at++] = (byte)fact;
            }
        }

        foreach (var alternative in alternatives)
        {
            bytes[at++] = AlternativeTag;
            bytes[at++] = (byte)AlternativeSize(alternative);
            if (alternative.TrueFacts.Length > 0)
            {
                bytes[at++] = TrueFactsTag;
                bytes[at++] = (byte)alternative.TrueFacts.Length;
                foreach (var fact in alternative.TrueFacts)
                {
                    bytes[at++] = (byte)fact;
                }
            }

            bytes[at++] = OutcomeTag;
            bytes[at++] = (byte)alternative.Outcome;
        }

        return bytes;
    }

    private static int AlternativeSize(EngineAlternative alternative) =>
        (alternative.TrueFacts.Length == 0 ? 0 : 2 + alternative.TrueFacts.Length) + 2;

    private static int Caution(Outcome outcome) => outcome switch
    {
        Outcome.Prohibited => 0,
        Outcome.ApprovalRequired => 1,
        Outcome.Required => 2,
        Outcome.NotAddressed => 3,
        _ => 4,
    };
}
