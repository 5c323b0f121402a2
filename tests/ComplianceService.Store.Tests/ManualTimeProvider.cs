namespace ComplianceService.Store.Tests;

/// <summary>A clock the test moves by hand (for instance-staleness checks without waiting).</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
