using System.Numerics;
using ComplianceService.Engine.Internal;

namespace ComplianceService.Policies.Internal;

/// <summary>Packed inputs (see <c>InputLayout</c>) in words: the facts by name, contact, role and crime by value.</summary>
internal static class ExplainedInputs
{
    /// <summary>"contact TRAFFIC_STOP", "role SUSPECT", "crime STALKING", then the true facts in Fact order.</summary>
    public static IReadOnlyList<string> Describe(ulong input)
    {
        var described = new List<string>();
        foreach (var group in new[] { InputLayout.ContactBits, InputLayout.RoleBits, InputLayout.CrimeBits })
        {
            if ((input & group) != 0)
            {
                described.Add(InputLayout.DescribeBit(BitOperations.TrailingZeroCount(input & group)));
            }
        }

        for (var facts = input & ((1UL << InputLayout.FactCount) - 1); facts != 0; facts &= facts - 1)
        {
            described.Add(InputLayout.DescribeBit(BitOperations.TrailingZeroCount(facts)));
        }

        return described;
    }

    /// <summary>The inputs a condition reads and their values: each fact read, true or false; contact,
    /// role or crime once each (when any of its values is read), with the request's value.</summary>
    public static IReadOnlyList<ExplainedInput> Read(ulong reads, ulong input)
    {
        var values = new List<ExplainedInput>();
        for (var facts = reads & ((1UL << InputLayout.FactCount) - 1); facts != 0; facts &= facts - 1)
        {
            var bit = BitOperations.TrailingZeroCount(facts);
            values.Add(new(InputLayout.DescribeBit(bit), (input & (1UL << bit)) != 0 ? "true" : "false"));
        }

        foreach (var (name, group) in new[] { ("contact", InputLayout.ContactBits), ("role", InputLayout.RoleBits), ("crime", InputLayout.CrimeBits) })
        {
            if ((reads & group) != 0)
            {
                // DescribeBit names a group's value as "contact TRAFFIC_STOP": keep the value.
                values.Add(new(name, (input & group) == 0 ? "none" : InputLayout.DescribeBit(BitOperations.TrailingZeroCount(input & group))[(name.Length + 1)..]));
            }
        }

        return values;
    }
}
