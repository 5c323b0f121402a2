using ComplianceService.Internal;
using ComplianceService.Store;
using Microsoft.Extensions.Options;

namespace ComplianceService.Audit;

/// <summary>
/// Redis mode: copies this server's audit chain from its local segments to the Redis stream (<see cref="RedisAuditStore"/>),
/// in order, from the checkpoint kept beside the segments. While Redis is unreachable the records wait on disk (the
/// spill); when it is back the copy resumes, and a record sent twice is stored once (by decision id).
/// </summary>
/// <remarks>Taking the <see cref="DecisionAudit"/> opens the chain when the host starts, in either mode, rather than at the
/// first call (a chain another process holds then stops the start-up, with the reason).</remarks>
public sealed class AuditShipper(DecisionAudit audit, IOptions<ComplianceOptions> options, ILogger<AuditShipper> logger) : BackgroundService
{
    /// <summary>How many records one copy to Redis carries at most (one script call).</summary>
    public const int BatchSize = 500;

    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var compliance = options.Value;
        if (!compliance.RedisConfigured || !audit.Enabled)
        {
            return;
        }

        await using var store = await RedisAuditStore.ConnectAsync(compliance.Store, compliance.Audit.Retention).ConfigureAwait(false);
        var tail = new AuditTail(compliance.Audit.Directory, compliance.Audit.Writer!);
        audit.Shipped(tail.Shipped);
        var backoff = TimeSpan.Zero;
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var batch = tail.Read(BatchSize);
            if (batch.Count == 0)
            {
                await Delay(Idle, stoppingToken).ConfigureAwait(false);
                continue;
            }

            // The same batch until Redis takes it: the checkpoint moves only after.
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await CopyAsync(store, compliance.Audit.Writer!, tail, batch).ConfigureAwait(false);
                    audit.Shipped(tail.Shipped);
                    if (failing)
                    {
                        failing = false;
                        Log.AuditCopyResumed(logger, tail.Shipped);
                    }

                    backoff = TimeSpan.Zero;
                    break;
                }
                catch (PolicyStoreException e)
                {
                    if (!failing)
                    {
                        failing = true;
                        Log.AuditCopyWaiting(logger, e.Message, tail.Shipped);
                    }

                    backoff = backoff == TimeSpan.Zero ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                    await Delay(backoff, stoppingToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>
    /// One batch read from <paramref name="tail"/> added to the stream as <paramref name="writer"/>'s, then the checkpoint
    /// moved past it. When Redis does not take the batch (<see cref="PolicyStoreException"/>) the checkpoint stays, and the
    /// same batch is to be sent again (the tail has already read past it).
    /// </summary>
    /// <remarks>The copy loop's step, and what the benchmark of one writer's copy measures (AuditRedisCopyBenchmarks).</remarks>
    public static async Task CopyAsync(RedisAuditStore store, string writer, AuditTail tail, IReadOnlyList<(long Seq, string Line, AuditRecord Record)> batch)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(tail);
        ArgumentNullException.ThrowIfNull(batch);
        await store.AppendAsync(writer, [.. batch.Select(b => (b.Record.DecisionId, b.Record.Time, b.Line))]).ConfigureAwait(false);
        tail.Commit(batch[^1].Seq);
    }

    private static async Task Delay(TimeSpan delay, CancellationToken token)
    {
        try
        {
            await Task.Delay(delay, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: what is not copied yet stays on disk and is copied after the next start.
        }
    }
}
