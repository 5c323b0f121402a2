using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using ComplianceService.Contracts.V1;
using ComplianceService.Internal;
using ComplianceService.Policy;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Benchmarks;

/// <summary>
/// What the host's metrics add to one CheckEncounter: <see cref="ServerMetrics.Start"/>, <see cref="ServerMetrics.Decided(Decision)"/>
/// and <see cref="ServerMetrics.Answered"/>, as the RPC service calls them. Off: nothing listens
/// (<c>Compliance:Metrics:Enabled=false</c>). On: OpenTelemetry's SDK aggregates the <c>ComplianceService</c> meter, as
/// the host registers it for the Prometheus exporter (the recording path is the SDK's, whichever exporter reads it).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class DecisionMetricsBenchmarks
{
    private readonly Decision _decision = new()
    {
        Jurisdiction = "us-ks-roeland-park",
        Action = Action.VerifyStatus,
        Outcome = Outcome.ApprovalRequired,
    };

    private ServiceProvider _services = null!;
    private MeterProvider? _provider;
    private ServerMetrics _metrics = null!;

    /// <summary>Whether an OpenTelemetry meter provider collects the host's meter.</summary>
    [Params(false, true)]
    public bool MetricsOn { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        if (MetricsOn)
        {
            _provider = Sdk.CreateMeterProviderBuilder()
                .AddMeter(ServerMetrics.MeterName)
                .AddInMemoryExporter(new List<Metric>())
                .Build();
        }

        _metrics = new ServerMetrics(_services.GetRequiredService<IMeterFactory>(), new ActivePolicy());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider?.Dispose();
        _services.Dispose();
    }

    /// <summary>One decision's metrics: the clock at the start, the decision counted, the duration recorded.</summary>
    [Benchmark]
    public void OneDecision()
    {
        var started = _metrics.Start();
        _metrics.Decided(_decision);
        _metrics.Answered(started, "CheckEncounter");
    }
}
