using ComplianceService.Contracts.V1;

namespace ComplianceService.Engine.Internal;

/// <summary>
/// The what-if list of one decision, read from the same compiled table that decided it: for each
/// fact of the request's kind, in Fact order and leaving out the unknown facts, the headline
/// outcome with only that fact flipped, kept when it differs from the decision's. A fact the
/// table does not read cannot change the answer and costs no read; every other flip costs one
/// read per assignment of the unknown facts. Built only when the request asks for it.
/// </summary>
internal sealed class WhatIfResolution
{
    private const byte WhatIfTag = (14 << 3) | 2;
    private const byte FactTag = 1 << 3;
    private const byte BecomesTrueTag = 2 << 3;
    private const byte OutcomeTag = 3 << 3;

    private static readonly WhatIfResolution Empty = new([], []);

    private readonly byte[] _encoded;

    private WhatIfResolution(EngineWhatIf[] flips, byte[] encoded)
    {
        Flips = flips;
        _encoded = encoded;
    }

    public EngineWhatIf[] Flips { get; }

    /// <summary>Field 14 (what_if) of a Decision, serialized.</summary>
    public ReadOnlySpan<byte> Encoded => _encoded;

    /// <summary>The flips of <paramref name="kindFacts"/> (the facts of the request's kind) that
    /// change <paramref name="outcome"/>, the decision's headline, for the packed input
    /// <paramref name="known"/> with the <paramref name="unknown"/> facts, read from
    /// <paramref name="table"/>.</summary>
    public static WhatIfResolution Create(CompiledTable table, ulong known, ReadOnlySpan<Fact> unknown, ulong kindFacts, Outcome outcome)
    {
        var unknownBits = 0UL;
        foreach (var fact in unknown)
        {
            unknownBits |= InputLayout.FactBit(fact);
        }

        Span<EngineWhatIf> flips = stackalloc EngineWhatIf[InputLayout.FactCount];
        var count = 0;
        var candidates = kindFacts & table.Mask & ~unknownBits;
        for (var bits = candidates; bits != 0; bits &= bits - 1)
        {
            var bit = bits & (~bits + 1);
            var flipped = UnknownFactsResolution.HeadlineOutcome(table, known ^ bit, unknown);
            if (flipped != outcome)
            {
                var fact = (Fact)(System.Numerics.BitOperations.TrailingZeroCount(bit) + 1);
                flips[count++] = new EngineWhatIf(fact, (known & bit) == 0, flipped);
            }
        }

        if (count == 0)
        {
            return Empty;
        }

        var list = flips[..count].ToArray();
        return new WhatIfResolution(list, Encode(list));
    }

    public void AddTo(Decision decision)
    {
        foreach (var flip in Flips)
        {
            decision.WhatIf.Add(new WhatIf { Fact = flip.Fact, BecomesTrue = flip.BecomesTrue, Outcome = flip.Outcome });
        }
    }

    /// <summary>Every value is a small enum number or a bool (one varint byte), so each WhatIf is
    /// tag, one length byte, and at most three one-byte fields.</summary>
    private static byte[] Encode(EngineWhatIf[] flips)
    {
        var size = 0;
        foreach (var flip in flips)
        {
            size += 2 + Size(flip);
        }

        var bytes = new byte[size];
        var at = 0;
        foreach (var flip in flips)
        {
            bytes[at++] = WhatIfTag;
            bytes[at++] = (byte)Size(flip);
            bytes[at++] = FactTag;
            bytes[at++] = (byte)flip.Fact;
            if (flip.BecomesTrue)
            {
                bytes[at++] = BecomesTrueTag;
                bytes[at++] = 1;
            }

            bytes[at++] = OutcomeTag;
            bytes[at++] = (byte)flip.Outcome;
        }

        return bytes;
    }

    private static int Size(EngineWhatIf flip) => flip.BecomesTrue ? 6 : 4;
}
