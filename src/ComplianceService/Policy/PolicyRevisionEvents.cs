using System.Runtime.CompilerServices;
using Google.Protobuf;

namespace ComplianceService.Policy;

/// <summary>
/// <c>GET /v1/policy-revisions:watch</c>: WatchPolicy for browsers, as server-sent events (<c>text/event-stream</c>).
/// Each event is named <c>revision</c> and its data is the <c>PolicyRevision</c> as proto3 JSON (the revision in force
/// first, then each one activated). The stream ends when the client goes away or the server stops.
/// </summary>
internal static class PolicyRevisionEvents
{
    /// <summary>The route.</summary>
    public const string Route = "/v1/policy-revisions:watch";

    /// <summary>The event name.</summary>
    public const string EventType = "revision";

    public static IResult Watch(ActivePolicy active, IHostApplicationLifetime lifetime, HttpContext context) =>
        TypedResults.ServerSentEvents(Revisions(active, lifetime, context.RequestAborted), EventType);

    private static async IAsyncEnumerable<string> Revisions(ActivePolicy active, IHostApplicationLifetime lifetime, [EnumeratorCancellation] CancellationToken aborted)
    {
        // A server that is stopping ends the stream at once rather than holding shutdown open.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(aborted, lifetime.ApplicationStopping);
        using var subscription = active.Subscribe();
        var reader = subscription.Revisions;
        while (await WaitAsync(reader, ending.Token).ConfigureAwait(false))
        {
            while (reader.TryRead(out var revision))
            {
                yield return JsonFormatter.Default.Format(revision);
            }
        }
    }

    private static async Task<bool> WaitAsync(System.Threading.Channels.ChannelReader<Contracts.V1.PolicyRevision> reader, CancellationToken token)
    {
        try
        {
            return await reader.WaitToReadAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return false;
        }
    }
}
