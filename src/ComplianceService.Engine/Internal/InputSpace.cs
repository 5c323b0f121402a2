using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.Intrinsics.X86;
using ComplianceService.Contracts.V1;

namespace ComplianceService.Engine.Internal;

/// <summary>
/// Every reachable input of one action or request over the input bits some tables read, as a
/// product of variables: one per fact read (false, true), then, for an encounter action, the
/// contact, the role and the crime, each a choice among the values read plus one "other" value
/// standing for every value no table reads (and, for the crime, for no crime at all, except for
/// CERTIFY_VISA). Inputs outside this product cannot come from a valid request; inputs that differ
/// only in bits no table reads get the same decision from every table, so one cell stands for all
/// of them. A cell is numbered facts first (fact variable i is bit i), then contact, role, crime
/// in mixed radix.
/// </summary>
internal sealed class InputSpace
{
    private readonly ulong _factMask;
    private readonly long _factCells;

    private InputSpace(int target, ulong factMask, InputVariable[] variables)
    {
        Target = target;
        _factMask = factMask;
        Variables = variables;
        FactVariables = BitOperations.PopCount(factMask);
        _factCells = 1L << FactVariables;
        Strides = new long[variables.Length];
        long stride = 1;
        for (var v = 0; v < variables.Length; v++)
        {
            Strides[v] = stride;
            stride *= variables[v].Values.Length;
        }

        CellCount = stride;
        KindFactCount = BitOperations.PopCount(InputLayout.IsRequestTarget(target) ? InputLayout.BasisFactBits : InputLayout.EncounterFactBits);
    }

    public int Target { get; }

    /// <summary>Facts first (two values each), then contact, role and crime for an encounter action.</summary>
    public InputVariable[] Variables { get; }

    /// <summary>How many of <see cref="Variables"/> are facts (they come first).</summary>
    public int FactVariables { get; }

    /// <summary>Cell distance between neighbouring values of each variable.</summary>
    public long[] Strides { get; }

    public long CellCount { get; }

    /// <summary>How many facts a request of this kind may carry (21 for an encounter, 8 for a cooperation request).</summary>
    public int KindFactCount { get; }

    /// <summary>The space over the bits of <paramref name="mask"/> (the union of the masks of the tables compared).</summary>
    public static InputSpace For(int target, ulong mask)
    {
        var isRequest = InputLayout.IsRequestTarget(target);
        mask &= InputLayout.AllowedBits(target) & ~InputLayout.ForcedBits(target);
        var factMask = mask & ((1UL << InputLayout.FactCount) - 1);
        var variables = new List<InputVariable>();
        for (var bits = factMask; bits != 0; bits &= bits - 1)
        {
            var bit = BitOperations.TrailingZeroCount(bits);
            variables.Add(new InputVariable(InputKind.Fact, [new InputValue(0, [0], IsOther: false), new InputValue(1UL << bit, [1], IsOther: false)], bit + 1));
        }

        if (!isRequest)
        {
            variables.Add(Group(InputKind.Contact, mask, InputLayout.ContactShift, InputLayout.ContactCount, noneAllowed: false));
            variables.Add(Group(InputKind.Role, mask, InputLayout.RoleShift, InputLayout.RoleCount, noneAllowed: false));
            variables.Add(Group(InputKind.Crime, mask, InputLayout.CrimeShift, InputLayout.CrimeCount, noneAllowed: target != InputLayout.CertifyVisaTarget));
        }

        return new InputSpace(target, factMask, [.. variables]);
    }

    private static InputVariable Group(InputKind kind, ulong mask, int shift, int count, bool noneAllowed)
    {
        var values = new List<InputValue>();
        var others = new List<int>();
        for (var number = 1; number <= count; number++)
        {
            var bit = 1UL << (shift + number - 1);
            if ((mask & bit) != 0)
            {
                values.Add(new InputValue(bit, [number], IsOther: false));
            }
            else
            {
                others.Add(number);
            }
        }

        if (noneAllowed)
        {
            others.Insert(0, 0); // no value given; no table reads its absence
        }

        if (others.Count > 0)
        {
            values.Add(new InputValue(others[0] == 0 ? 0 : 1UL << (shift + others[0] - 1), [.. others], IsOther: true));
        }

        return new InputVariable(kind, [.. values], 0);
    }

    /// <summary>The value index of variable <paramref name="v"/> in <paramref name="cell"/>.</summary>
    public int ValueOf(long cell, int v) => v < FactVariables
        ? (int)((cell >> v) & 1)
        : (int)((cell / Strides[v]) % Variables[v].Values.Length);

    /// <summary>Calls <paramref name="visit"/> with every cell and its packed input, in cell order.</summary>
    public void ForEachCell(Action<long, ulong> visit)
    {
        var high = CellCount / _factCells;
        var cell = 0L;
        for (var h = 0L; h < high; h++)
        {
            var baseInput = 0UL;
            for (var v = FactVariables; v < Variables.Length; v++)
            {
                baseInput |= Variables[v].Values[ValueOf(h * _factCells, v)].Bit;
            }

            for (var f = 0L; f < _factCells; f++, cell++)
            {
                visit(cell, baseInput | Deposit((ulong)f, _factMask));
            }
        }
    }

    private static ulong Deposit(ulong value, ulong mask)
    {
        if (Bmi2.X64.IsSupported)
        {
            return Bmi2.X64.ParallelBitDeposit(value, mask);
        }

        ulong result = 0;
        for (var bits = mask; bits != 0 && value != 0; bits &= bits - 1, value >>= 1)
        {
            if ((value & 1) != 0)
            {
                result |= bits & (~bits + 1);
            }
        }

        return result;
    }

    /// <summary>How many distinct requests a cube stands for: the facts of the request kind it does
    /// not fix count twice each, and each contact, role or crime value once (no crime counts as one).</summary>
    public long Requests(uint[] cube)
    {
        var requests = 1L << KindFactCount;
        for (var v = 0; v < Variables.Length; v++)
        {
            var values = Variables[v].Values;
            if (v < FactVariables)
            {
                if (cube[v] != 3)
                {
                    requests >>= 1;
                }

                continue;
            }

            var members = 0;
            for (var i = 0; i < values.Length; i++)
            {
                if ((cube[v] & (1u << i)) != 0)
                {
                    members += values[i].Members.Length;
                }
            }

            requests *= members;
        }

        return requests;
    }

    /// <summary>The cube as a condition on the request.</summary>
    public Analysis.InputRegion Region(uint[] cube)
    {
        var trueFacts = ImmutableArray.CreateBuilder<Fact>();
        var falseFacts = ImmutableArray.CreateBuilder<Fact>();
        ImmutableArray<Contact> contacts = [];
        ImmutableArray<Role> roles = [];
        ImmutableArray<Crime> crimes = [];
        for (var v = 0; v < Variables.Length; v++)
        {
            var variable = Variables[v];
            if (variable.Kind == InputKind.Fact)
            {
                if (cube[v] == 1)
                {
                    falseFacts.Add((Fact)variable.Fact);
                }
                else if (cube[v] == 2)
                {
                    trueFacts.Add((Fact)variable.Fact);
                }

                continue;
            }

            var numbers = new List<int>();
            for (var i = 0; i < variable.Values.Length; i++)
            {
                if ((cube[v] & (1u << i)) != 0)
                {
                    numbers.AddRange(variable.Values[i].Members);
                }
            }

            numbers.Sort();
            switch (variable.Kind)
            {
                case InputKind.Contact: contacts = [.. numbers.Select(n => (Contact)n)]; break;
                case InputKind.Role: roles = [.. numbers.Select(n => (Role)n)]; break;
                default: crimes = [.. numbers.Select(n => (Crime)n)]; break;
            }
        }

        return new Analysis.InputRegion(InputLayout.TargetAction(Target), InputLayout.TargetRequest(Target), trueFacts.ToImmutable(), falseFacts.ToImmutable(), contacts, roles, crimes);
    }
}

/// <summary>What an input variable stands for.</summary>
internal enum InputKind
{
    Fact,
    Contact,
    Role,
    Crime,
}

/// <summary>One variable of an <see cref="InputSpace"/>: its values, and for a fact its number.</summary>
internal sealed record InputVariable(InputKind Kind, InputValue[] Values, int Fact);

/// <summary>One value of a variable: the input bit it sets (0 for none), the enum numbers it
/// stands for (0 = no value given), and whether it is the "other" value (the values no table reads).</summary>
internal sealed record InputValue(ulong Bit, int[] Members, bool IsOther);
