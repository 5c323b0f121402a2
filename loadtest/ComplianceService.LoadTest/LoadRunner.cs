using System.Diagnostics;
using ComplianceService.LoadTest.Internal;

namespace ComplianceService.LoadTest;

/// <summary>Runs load against a target: a warm-up phase (not recorded), then the measured phase.</summary>
public static class LoadRunner
{
    /// <summary>Runs one warm-up and one measured phase.</summary>
    /// <param name="target">What to call.</param>
    /// <param name="profile">Mode, rate or concurrency, duration, warm-up.</param>
    /// <param name="label">What is loaded, for reports.</param>
    /// <param name="progress">Where to write a status line once a second, or null for none.</param>
    /// <param name="cancellationToken">Stops offering load early; calls in flight still finish
    /// and the result covers what was done.</param>
    /// <returns>The measured phase.</returns>
    public static async Task<LoadRunResult> RunAsync(
        ILoadTarget target,
        LoadProfile profile,
        string label,
        TextWriter? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(profile);
        profile.Validate();
        if (profile.Warmup > TimeSpan.Zero)
        {
            await RunPhaseAsync(target, profile with { Duration = profile.Warmup }, label, "warmup ", progress, cancellationToken).ConfigureAwait(false);
        }

        return await RunPhaseAsync(target, profile, label, "measure", progress, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<LoadRunResult> RunPhaseAsync(
        ILoadTarget target,
        LoadProfile profile,
        string label,
        string phase,
        TextWriter? progress,
        CancellationToken cancellationToken)
    {
        var recorder = new RunRecorder(Stopwatch.GetTimestamp(), profile.Duration + profile.DrainTimeout);
        using var phaseOver = new CancellationTokenSource();
        var status = progress is null
            ? Task.CompletedTask
            : ProgressLine.RunAsync(phase, recorder, progress, phaseOver.Token);
        long loadEnd;
        if (profile.Mode == LoadMode.Open)
        {
            loadEnd = await new OpenLoopDriver(target, profile, recorder, cancellationToken).RunAsync().ConfigureAwait(false);
        }
        else
        {
            loadEnd = await new ClosedLoopDriver(target, profile, recorder, cancellationToken).RunAsync().ConfigureAwait(false);
        }

        await phaseOver.CancelAsync().ConfigureAwait(false);
        await status.ConfigureAwait(false);
        return recorder.ToResult(label, profile, loadEnd);
    }
}
