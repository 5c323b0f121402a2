using System.Numerics;
using System.Runtime.CompilerServices;
using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Internal;

namespace ComplianceService.Engine;

/// <summary>
/// A set of facts as one bit set (fact n at bit n-1, the layout the decision tables are indexed
/// by): the facts a query gives as true. A value; building one allocates nothing. Write one as a
/// collection expression: <c>FactSet facts = [Fact.StateCharge, Fact.ForeignNational];</c>
/// </summary>
[CollectionBuilder(typeof(FactSet), nameof(Create))]
public readonly struct FactSet : IEquatable<FactSet>
{
    private readonly ulong _bits;

    private FactSet(ulong bits) => _bits = bits;

    /// <summary>No fact.</summary>
    public static FactSet Empty => default;

    /// <summary>The facts an encounter may carry (every fact but CRIMINAL_ACTIVITY).</summary>
    public static FactSet EncounterFacts => new(InputLayout.EncounterFactBits);

    /// <summary>The facts a cooperation request may rest on (its basis).</summary>
    public static FactSet BasisFacts => new(InputLayout.BasisFactBits);

    /// <summary>How many facts the set holds.</summary>
    public int Count => BitOperations.PopCount(_bits);

    /// <summary>True when the set holds no fact.</summary>
    public bool IsEmpty => _bits == 0;

    /// <summary>The bits, fact n at bit n-1.</summary>
    internal ulong Bits => _bits;

    /// <summary>The set of <paramref name="facts"/> (duplicates collapse).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is not a fact (unspecified or unknown number).</exception>
    public static FactSet Create(ReadOnlySpan<Fact> facts)
    {
        var set = Empty;
        foreach (var fact in facts)
        {
            set = set.With(fact);
        }

        return set;
    }

    /// <summary>True when the set holds <paramref name="fact"/> (never for a value that is not a fact).</summary>
    public bool Contains(Fact fact) => IsFact(fact) && (_bits & InputLayout.FactBit(fact)) != 0;

    /// <summary>This set and <paramref name="fact"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a fact.</exception>
    public FactSet With(Fact fact)
    {
        if (!IsFact(fact))
        {
            ThrowNotAFact(fact);
        }

        return new(_bits | InputLayout.FactBit(fact));
    }

    /// <summary>This set without <paramref name="fact"/>.</summary>
    public FactSet Without(Fact fact) => IsFact(fact) ? new(_bits & ~InputLayout.FactBit(fact)) : this;

    /// <summary>True when every fact of this set is in <paramref name="other"/>.</summary>
    public bool IsSubsetOf(FactSet other) => (_bits & ~other._bits) == 0;

    /// <summary>The facts in Fact order.</summary>
    public Enumerator GetEnumerator() => new(_bits);

    /// <inheritdoc />
    public bool Equals(FactSet other) => _bits == other._bits;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FactSet other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _bits.GetHashCode();

    /// <summary>The facts' names, e.g. "[STATE_CHARGE, FOREIGN_NATIONAL]".</summary>
    public override string ToString()
    {
        var names = new List<string>();
        foreach (var fact in this)
        {
            names.Add(WireNames.Facts.Short((int)fact));
        }

        return "[" + string.Join(", ", names) + "]";
    }

    /// <summary>Equal when they hold the same facts.</summary>
    public static bool operator ==(FactSet left, FactSet right) => left.Equals(right);

    /// <summary>Not equal when they hold different facts.</summary>
    public static bool operator !=(FactSet left, FactSet right) => !left.Equals(right);

    private static bool IsFact(Fact fact) => (uint)((int)fact - 1) < InputLayout.FactCount;

    private static void ThrowNotAFact(Fact fact) =>
        throw new ArgumentOutOfRangeException(nameof(fact), fact, "not a fact");

    /// <summary>Enumerates the facts of a set in Fact order.</summary>
    public struct Enumerator
    {
        private ulong _remaining;

        internal Enumerator(ulong bits)
        {
            _remaining = bits;
            Current = Fact.Unspecified;
        }

        /// <summary>The current fact.</summary>
        public Fact Current { get; private set; }

        /// <summary>Moves to the next fact.</summary>
        public bool MoveNext()
        {
            if (_remaining == 0)
            {
                return false;
            }

            Current = (Fact)(BitOperations.TrailingZeroCount(_remaining) + 1);
            _remaining &= _remaining - 1;
            return true;
        }
    }
}
