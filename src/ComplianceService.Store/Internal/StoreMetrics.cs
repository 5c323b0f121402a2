using System.Diagnostics.Metrics;

namespace ComplianceService.Store.Internal;

/// <summary>The distributor's instruments on the <see cref="PolicyStoreMetrics.MeterName"/> meter, tagged with the instance id.</summary>
internal sealed class StoreMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _reconnects;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _activations;
    private readonly KeyValuePair<string, object?>[] _tags;

    public StoreMetrics(IMeterFactory? meterFactory, string instanceId, Func<bool> isConnected)
    {
        if (meterFactory is null)
        {
            _meter = new Meter(PolicyStoreMetrics.MeterName);
            _ownsMeter = true;
        }
        else
        {
            _meter = meterFactory.Create(PolicyStoreMetrics.MeterName);
        }

        _tags = [new KeyValuePair<string, object?>(PolicyStoreMetrics.InstanceTag, instanceId)];
        _reconnects = _meter.CreateCounter<long>(PolicyStoreMetrics.Reconnects, description: "Reconnections to the policy store after an outage.");
        _refused = _meter.CreateCounter<long>(PolicyStoreMetrics.BundlesRefused, description: "Bundles refused: failed verification, missing, or refused by the engine.");
        _activations = _meter.CreateCounter<long>(PolicyStoreMetrics.Activations, description: "Policy revisions activated on this instance.");
        var tags = _tags;
        _meter.CreateObservableGauge(
            PolicyStoreMetrics.Connected,
            () => new Measurement<int>(isConnected() ? 1 : 0, tags),
            description: "1 while the policy store is reachable, 0 otherwise.");
    }

    public void Reconnected() => _reconnects.Add(1, _tags);

    public void Refused() => _refused.Add(1, _tags);

    public void Activated() => _activations.Add(1, _tags);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
