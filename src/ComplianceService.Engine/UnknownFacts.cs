using System.Runtime.CompilerServices;
using ComplianceService.Contracts.V1;

namespace ComplianceService.Engine;

/// <summary>
/// The facts a query leaves unknown, at most <see cref="Capacity"/>, in request order (the first
/// is the lowest bit of the alternatives' counting). Held inline: building one allocates nothing.
/// Write one as a collection expression: <c>UnknownFacts unknown = [Fact.CourtOrder];</c>
/// </summary>
[CollectionBuilder(typeof(UnknownFacts), nameof(Create))]
public readonly struct UnknownFacts
{
    /// <summary>The most facts a query may leave unknown (DOMAIN.md "Unknown facts").</summary>
    public const int Capacity = 4;

    private readonly FactBuffer _facts;
    private readonly int _count;

    private UnknownFacts(ReadOnlySpan<Fact> facts)
    {
        facts.CopyTo(_facts);
        _count = facts.Length;
    }

    /// <summary>How many facts are unknown.</summary>
    public int Count => _count;

    /// <summary>The unknown fact at <paramref name="index"/>, in request order.</summary>
    public Fact this[int index] => (uint)index < (uint)_count ? _facts[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The unknown facts.</summary>
    /// <exception cref="ArgumentException">More than <see cref="Capacity"/> facts, or a value that is not a fact.</exception>
    public static UnknownFacts Create(ReadOnlySpan<Fact> facts)
    {
        if (facts.Length > Capacity)
        {
            throw new ArgumentException($"at most {Capacity} facts may be unknown, got {facts.Length}", nameof(facts));
        }

        _ = FactSet.Create(facts); // every value is a fact
        return new UnknownFacts(facts);
    }

    /// <summary>The unknown facts as a set.</summary>
    public FactSet AsSet() => FactSet.Create(((ReadOnlySpan<Fact>)_facts)[.._count]);

    /// <summary>Copies the facts, in request order, to <paramref name="destination"/>; returns how many.</summary>
    public int CopyTo(Span<Fact> destination)
    {
        ((ReadOnlySpan<Fact>)_facts)[.._count].CopyTo(destination);
        return _count;
    }

    /// <summary>The facts in request order.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <inheritdoc />
    public override string ToString()
    {
        var names = new List<string>();
        foreach (var fact in this)
        {
            names.Add(fact.ToString());
        }

        return "[" + string.Join(", ", names) + "]";
    }

    [InlineArray(Capacity)]
    private struct FactBuffer
    {
        private Fact _element;
    }

    /// <summary>Enumerates unknown facts in request order.</summary>
    public struct Enumerator(UnknownFacts facts)
    {
        private int _index = -1;

        /// <summary>The current fact.</summary>
        public readonly Fact Current => facts[_index];

        /// <summary>Moves to the next fact.</summary>
        public bool MoveNext() => ++_index < facts.Count;
    }
}
