namespace ComplianceService.LoadTest.UnitTests;

/// <summary>
/// The point of an open loop: when the server stalls once for 200 ms, every request scheduled
/// during the stall is late, and latency measured from the intended send time shows it. A closed
/// loop with one caller sends nothing during the stall, so only one call sees it. These check the
/// measurement, not the speed of anything: the signal (about 180 ms against well under 50 ms)
/// is far larger than a loaded machine's noise.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class MeasurementTests
{
    private static readonly TimeSpan Stall = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task AnOpenLoopCountsEveryRequestQueuedBehindAStall()
    {
        await using var server = await StubGrpcServer.StartAsync(new StubBehaviour { StallAtRequest = 300, StallFor = Stall });
        using var target = new GrpcHttp2Target(server.Address, RequestMix.Health(), new LoadTargetSettings());
        var profile = new LoadProfile { Mode = LoadMode.Open, Rate = 500, Duration = TimeSpan.FromSeconds(2), Warmup = TimeSpan.Zero };

        var run = await LoadRunner.RunAsync(target, profile, "open");

        Assert.Equal(1000, run.Counts.Completed);
        Assert.Equal(0, run.Errors);
        Assert.True(run.Latency.MaxNanoseconds >= Millis(150), $"max {run.Latency.MaxNanoseconds} ns");
        // About 100 requests were due during the stall, waiting 0..200 ms: p99 is about 180 ms.
        Assert.True(run.Latency.ValueAtPercentile(99) >= Millis(100), $"p99 {run.Latency.ValueAtPercentile(99)} ns");
        Assert.True(CountAtLeast(run.Latency, Millis(50)) >= 40, $"{CountAtLeast(run.Latency, Millis(50))} calls >= 50 ms");
    }

    [Fact]
    public async Task AClosedLoopWithOneCallerSeesTheStallOnce()
    {
        await using var server = await StubGrpcServer.StartAsync(new StubBehaviour { StallAtRequest = 100, StallFor = Stall });
        using var target = new GrpcHttp2Target(server.Address, RequestMix.Health(), new LoadTargetSettings());
        var profile = new LoadProfile { Mode = LoadMode.Closed, Concurrency = 1, Duration = TimeSpan.FromSeconds(2), Warmup = TimeSpan.Zero };

        var run = await LoadRunner.RunAsync(target, profile, "closed");

        Assert.Equal(0, run.Errors);
        Assert.True(run.Counts.Completed >= 300, $"only {run.Counts.Completed} calls in 2 s");
        Assert.Equal(run.Counts.Sent, run.Counts.Completed);
        Assert.True(run.Latency.MaxNanoseconds >= Millis(150), $"max {run.Latency.MaxNanoseconds} ns: the stall was not seen");
        // One call waited out the stall (a second only if the machine itself hiccupped).
        Assert.InRange(CountAtLeast(run.Latency, Millis(150)), 1, 2);
        Assert.True(run.Latency.ValueAtPercentile(99) < Millis(50), $"p99 {run.Latency.ValueAtPercentile(99)} ns");
    }

    [Fact]
    public async Task AnOpenLoopOverItsInFlightCapBacklogsAndStillMeasuresFromTheSchedule()
    {
        await using var server = await StubGrpcServer.StartAsync(new StubBehaviour { StallAtRequest = 50, StallFor = Stall });
        using var target = new GrpcHttp2Target(server.Address, RequestMix.Health(), new LoadTargetSettings());
        var profile = new LoadProfile { Rate = 500, Duration = TimeSpan.FromSeconds(1), Warmup = TimeSpan.Zero, MaxInFlight = 10 };

        var run = await LoadRunner.RunAsync(target, profile, "capped");

        Assert.Equal(500, run.Counts.Completed);
        Assert.Equal(0, run.Counts.Abandoned);
        Assert.True(run.Counts.Backlogged >= 50, $"backlogged {run.Counts.Backlogged}");
        Assert.True(run.Latency.ValueAtPercentile(99) >= Millis(100), $"p99 {run.Latency.ValueAtPercentile(99)} ns");
    }

    private static long Millis(int ms) => ms * 1_000_000L;

    private static long CountAtLeast(LatencyHistogram histogram, long nanoseconds) =>
        histogram.RecordedBuckets().Where(b => b.LowestNanoseconds >= nanoseconds).Sum(b => b.Count);
}
