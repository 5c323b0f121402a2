namespace ComplianceService.Engine.Internal;

/// <summary>A served jurisdiction in memory: its epochs and one table per (epoch, target).</summary>
internal sealed class JurisdictionState(string id, long[] epochStarts, CompiledTable[] tables)
{
    public string Id { get; } = id;

    /// <summary>Ascending UTC ticks; the first is 0.</summary>
    public long[] EpochStarts { get; } = epochStarts;

    /// <summary>Index: epoch * TargetCount + target.</summary>
    public CompiledTable[] Tables { get; } = tables;

    /// <summary>The table for a target at a date: the last epoch starting at or before it.</summary>
    public CompiledTable Table(long asOfTicks, int target)
    {
        var starts = EpochStarts;
        var epoch = starts.Length - 1;
        while (epoch > 0 && starts[epoch] > asOfTicks)
        {
            epoch--;
        }

        return Tables[(epoch * InputLayout.TargetCount) + target];
    }
}
