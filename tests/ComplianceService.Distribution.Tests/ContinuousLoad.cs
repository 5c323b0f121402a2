using System.Collections.Concurrent;
using System.Diagnostics;

namespace ComplianceService.Distribution.Tests;

/// <summary>
/// Calls CheckEncounter back to back against each server until stopped, recording every failure, every revision
/// that answered and when each server first answered from <see cref="NewRevision"/>.
/// </summary>
internal sealed class ContinuousLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentDictionary<string, TimeSpan> _firstNew = new();
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private readonly Stopwatch _clock;

    public ContinuousLoad(IEnumerable<ComplianceServer> servers, string oldRevision, string newRevision, Stopwatch clock)
    {
        OldRevision = oldRevision;
        NewRevision = newRevision;
        _clock = clock;
        foreach (var server in servers)
        {
            _loops.Add(Task.Run(() => RunAsync(server)));
        }
    }

    public string OldRevision { get; }

    public string NewRevision { get; }

    /// <summary>Failed calls, unexpected revisions and "old after new" regressions, one line each.</summary>
    public IReadOnlyCollection<string> Errors => _errors;

    public IReadOnlyDictionary<string, int> Calls => _calls;

    /// <summary>When (on the shared clock) each server first answered from the new revision.</summary>
    public IReadOnlyDictionary<string, TimeSpan> FirstNew => _firstNew;

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task RunAsync(ComplianceServer server)
    {
        var seenNew = false;
        while (!_stop.IsCancellationRequested)
        {
            string revision;
            try
            {
                revision = await server.ServedRevisionAsync();
            }
            catch (Exception ex)
            {
                _errors.Enqueue($"{server.InstanceId}: call failed: {ex.GetType().Name}: {ex.Message}");
                continue;
            }

            _calls.AddOrUpdate(server.InstanceId, 1, (_, n) => n + 1);
            if (revision == NewRevision)
            {
                if (!seenNew)
                {
                    _firstNew.TryAdd(server.InstanceId, _clock.Elapsed);
                }

                seenNew = true;
            }
            else if (revision == OldRevision)
            {
                if (seenNew)
                {
                    _errors.Enqueue($"{server.InstanceId}: answered from the old revision after the new one");
                }
            }
            else
            {
                _errors.Enqueue($"{server.InstanceId}: answered from unexpected revision '{revision}'");
            }
        }
    }
}
