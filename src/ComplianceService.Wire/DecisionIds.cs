using System.Security.Cryptography;

namespace ComplianceService.Wire;

/// <summary>
/// Decision ids: UUID version 7 (time-ordered, so an auditor can sort them) made without asking
/// the operating system for randomness on every call. <see cref="Guid.CreateVersion7()"/> costs
/// ~600 ns here (a random-number syscall); this costs a few ns (measured in
/// CheckEncounterPathBenchmarks.BuildAndSerializeReply).
/// </summary>
/// <remarks>
/// Layout: 48 bits of Unix milliseconds, the version, 12 bits of a per-process sequence, the
/// variant, 30 random bits drawn once per process, and 32 more bits of the sequence. Within a
/// process ids never repeat (the sequence has 44 bits); across instances the random bits and
/// the time keep them apart.
/// </remarks>
public static class DecisionIds
{
    private static readonly uint InstanceBits = (uint)RandomNumberGenerator.GetInt32(int.MaxValue) & 0x3FFF_FFFF;
    private static long _sequence = RandomNumberGenerator.GetInt32(int.MaxValue);

    /// <summary>A new, unique decision id.</summary>
    public static Guid Next()
    {
        var milliseconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var sequence = (ulong)Interlocked.Increment(ref _sequence);
        return new Guid(
            (int)(milliseconds >> 16),
            (short)milliseconds,
            (short)(0x7000 | (int)((sequence >> 32) & 0x0FFF)),
            (byte)(0x80 | (InstanceBits >> 24)),
            (byte)(InstanceBits >> 16),
            (byte)(InstanceBits >> 8),
            (byte)InstanceBits,
            (byte)(sequence >> 24),
            (byte)(sequence >> 16),
            (byte)(sequence >> 8),
            (byte)sequence);
    }
}
