using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ComplianceService.Store.Tests;

/// <summary>Listens to the ComplianceService.Store meter and sums counters per instance tag; reads gauges on demand.</summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Instrument, string Instance), long> _sums = new();
    private readonly ConcurrentDictionary<(string Instrument, string Instance), long> _last = new();

    public MetricsRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PolicyStoreMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public long Sum(string instrument, string instance) => _sums.GetValueOrDefault((instrument, instance));

    /// <summary>Polls observable instruments and returns the last value for the instance.</summary>
    public long? Gauge(string instrument, string instance)
    {
        _listener.RecordObservableInstruments();
        return _last.TryGetValue((instrument, instance), out var value) ? value : null;
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? instance = null;
        foreach (var tag in tags)
        {
            if (tag.Key == PolicyStoreMetrics.InstanceTag)
            {
                instance = tag.Value as string;
            }
        }

        if (instance is null)
        {
            return;
        }

        var key = (instrument.Name, instance);
        _sums.AddOrUpdate(key, value, (_, sum) => sum + value);
        _last[key] = value;
    }
}
