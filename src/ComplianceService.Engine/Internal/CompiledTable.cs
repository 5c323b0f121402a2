using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace ComplianceService.Engine.Internal;

/// <summary>
/// One decision table in memory: the input bits under <c>mask</c>, gathered in ascending bit
/// order, index the cells. PEXT does the gather in one instruction where the CPU has BMI2;
/// otherwise a loop over the precomputed bit positions.
/// </summary>
internal sealed class CompiledTable
{
    private readonly ulong _mask;
    private readonly byte[] _positions;
    private readonly DecisionTemplate[] _cells;

    public CompiledTable(ulong mask, DecisionTemplate[] cells)
    {
        _mask = mask;
        _cells = cells;
        var positions = new List<byte>();
        for (var bits = mask; bits != 0; bits &= bits - 1)
        {
            positions.Add((byte)System.Numerics.BitOperations.TrailingZeroCount(bits));
        }

        _positions = [.. positions];
    }

    public ulong Mask => _mask;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public DecisionTemplate Lookup(ulong input)
    {
        if (Bmi2.X64.IsSupported)
        {
            return _cells[(int)Bmi2.X64.ParallelBitExtract(input, _mask)];
        }

        return _cells[Gather(input)];
    }

    /// <summary>The portable gather, also used by tests to check it against PEXT.</summary>
    public int Gather(ulong input)
    {
        var index = 0;
        var positions = _positions;
        for (var i = 0; i < positions.Length; i++)
        {
            index |= (int)((input >> positions[i]) & 1) << i;
        }

        return index;
    }

    public DecisionTemplate Cell(int index) => _cells[index];
}
