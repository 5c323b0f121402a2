namespace ComplianceService.Policies.Internal;

/// <summary>A rule condition over the packed inputs (see <c>InputLayout</c>): facts, derived
/// predicates (expanded), contact/role/crime membership, and/or/not, or always.</summary>
internal abstract class Condition
{
    /// <summary>The condition that always holds.</summary>
    public static readonly Condition Always = new AlwaysCondition();

    /// <summary>The input bits this condition reads.</summary>
    public abstract ulong Reads { get; }

    public abstract bool Evaluate(ulong input);

    /// <summary>True when any of the bits is set (a fact, or a one-hot membership test).</summary>
    public static Condition Any(ulong bits) => new AnyCondition(bits);

    public static Condition Not(Condition operand) => new NotCondition(operand);

    public static Condition And(Condition left, Condition right) => new AndCondition(left, right);

    public static Condition Or(Condition left, Condition right) => new OrCondition(left, right);

    private sealed class AlwaysCondition : Condition
    {
        public override ulong Reads => 0;

        public override bool Evaluate(ulong input) => true;
    }

    private sealed class AnyCondition(ulong bits) : Condition
    {
        public override ulong Reads => bits;

        public override bool Evaluate(ulong input) => (input & bits) != 0;
    }

    private sealed class NotCondition(Condition operand) : Condition
    {
        public override ulong Reads => operand.Reads;

        public override bool Evaluate(ulong input) => !operand.Evaluate(input);
    }

    private sealed class AndCondition(Condition left, Condition right) : Condition
    {
        public override ulong Reads => left.Reads | right.Reads;

        public override bool Evaluate(ulong input) => left.Evaluate(input) && right.Evaluate(input);
    }

    private sealed class OrCondition(Condition left, Condition right) : Condition
    {
        public override ulong Reads => left.Reads | right.Reads;

        public override bool Evaluate(ulong input) => left.Evaluate(input) || right.Evaluate(input);
    }
}
