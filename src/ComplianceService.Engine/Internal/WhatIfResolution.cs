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
    private static readonly WhatIfResolution Empty = new([]);

    private WhatIfResolution(EngineWhatIf[] flips) => Flips = flips;

    public EngineWhatIf[] Flips { get; }

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

        return new WhatIfResolution(flips[..count].ToArray());
    }
}
