namespace ComplianceService.Store.Tests;

/// <summary>
/// Stands in for the engine side of <see cref="BundleActivator"/>: keeps what it was handed and can refuse chosen revisions.
/// The real engine lives in another project; the distributor's contract is only this callback.
/// </summary>
internal sealed class RecordingEngine
{
    private readonly Lock _lock = new();
    private readonly List<ActivationRecord> _activations = [];
    private readonly HashSet<string> _refuse = [];
    private byte[]? _bytes;

    /// <summary>The reason given for a refused revision.</summary>
    public const string RefusalReason = "the test engine refuses this revision";

    public BundleActivator Activator => TryActivate;

    public string? Revision
    {
        get
        {
            lock (_lock)
            {
                return _activations.Count == 0 ? null : _activations[^1].Revision;
            }
        }
    }

    public ActivationRecord? Last
    {
        get
        {
            lock (_lock)
            {
                return _activations.Count == 0 ? null : _activations[^1];
            }
        }
    }

    public byte[]? Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Every activation handed over and accepted, in order.</summary>
    public IReadOnlyList<ActivationRecord> Activations
    {
        get
        {
            lock (_lock)
            {
                return [.. _activations];
            }
        }
    }

    public IReadOnlyList<string> Revisions
    {
        get
        {
            lock (_lock)
            {
                return _activations.Select(a => a.Revision).ToArray();
            }
        }
    }

    public void Refuse(string revision)
    {
        lock (_lock)
        {
            _refuse.Add(revision);
        }
    }

    private bool TryActivate(ActivationRecord activation, VerifiedBundle bundle, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? refusal)
    {
        lock (_lock)
        {
            if (_refuse.Contains(activation.Revision))
            {
                refusal = RefusalReason;
                return false;
            }

            _activations.Add(activation);
            _bytes = bundle.Bytes.ToArray();
            refusal = null;
            return true;
        }
    }
}
