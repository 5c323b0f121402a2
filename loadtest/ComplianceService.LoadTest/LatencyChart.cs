using System.Globalization;
using System.Security;
using System.Text;
using ComplianceService.LoadTest.Internal;

namespace ComplianceService.LoadTest;

/// <summary>
/// An SVG chart of latency by percentile, one curve per run, in the style of HdrHistogram's
/// plots: the x axis is log-scaled in 1/(1-p), so 0 %, 90 %, 99 %, 99.9 %, 99.99 % are equally
/// spaced; the y axis is latency (linear, or logarithmic when the tail is over 50 times the
/// fastest call). Written by hand; opens in any browser.
/// </summary>
public static class LatencyChart
{
    private const double Width = 960;
    private const double PlotHeight = 560;
    private const double LegendRow = 36;
    private const double Left = 90;
    private const double Right = Width - 30;
    private const double Top = 78;
    private const double Bottom = PlotHeight - 64;
    private const int Samples = 400;

    private static readonly string[] Colors = ["#1f6fb4", "#d62728", "#2ca02c", "#9467bd"];

    /// <summary>Renders the chart.</summary>
    /// <param name="runs">One curve per run (at least one; four at most get distinct colours).</param>
    /// <param name="title">The title.</param>
    /// <param name="subtitle">A second line under the title (the load profile), or null.</param>
    /// <returns>The SVG document.</returns>
    public static string Render(IReadOnlyList<LoadRunResult> runs, string title, string? subtitle = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentOutOfRangeException.ThrowIfZero(runs.Count);
        var c = CultureInfo.InvariantCulture;

        long largest = 1;
        foreach (var run in runs)
        {
            largest = Math.Max(largest, run.Latency.Count);
        }

        // Decades of 1/(1-p) worth drawing: beyond log10(count) a histogram has no more to say.
        var decades = Math.Clamp((int)Math.Ceiling(Math.Log10(largest)), 2, 6);
        var curves = new List<(double X, long Value)[]>(runs.Count);
        long lowest = long.MaxValue;
        long highest = 1;
        foreach (var run in runs)
        {
            var points = new (double X, long Value)[Samples + 1];
            for (var i = 0; i <= Samples; i++)
            {
                var u = decades * (double)i / Samples;
                var percentile = 100.0 * (1.0 - Math.Pow(10, -u));
                var value = run.Latency.ValueAtPercentile(Math.Clamp(percentile, 0, 100));
                points[i] = (u, value);
                highest = Math.Max(highest, value);
                if (run.Latency.Count > 0)
                {
                    lowest = Math.Min(lowest, Math.Max(value, 1));
                }
            }

            curves.Add(points);
        }

        if (lowest == long.MaxValue)
        {
            lowest = 1;
        }

        var unit = highest < 2_000_000 ? (Name: "µs", Per: 1e3) : highest < 2_000_000_000 ? (Name: "ms", Per: 1e6) : (Name: "s", Per: 1e9);
        var logarithmic = highest > 50 * lowest;
        var axis = logarithmic ? LogAxis(lowest / unit.Per, highest / unit.Per) : LinearAxis(highest / unit.Per);

        double X(double u) => Left + (u / decades * (Right - Left));
        double Y(double valueInUnit)
        {
            var fraction = logarithmic
                ? (Math.Log10(Math.Max(valueInUnit, axis.Min)) - Math.Log10(axis.Min)) / (Math.Log10(axis.Max) - Math.Log10(axis.Min))
                : valueInUnit / axis.Max;
            return Bottom - (Math.Clamp(fraction, 0, 1) * (Bottom - Top));
        }

        var height = PlotHeight + (runs.Count * LegendRow) + 12;
        var svg = new StringBuilder();
        svg.Append(c, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{height}" viewBox="0 0 {Width} {height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">""").Append('\n');
        svg.Append(c, $"""<rect width="{Width}" height="{height}" fill="#ffffff"/>""").Append('\n');
        svg.Append(c, $"""<text x="{Width / 2}" y="30" text-anchor="middle" font-size="19" font-weight="bold">{Escape(title)}</text>""").Append('\n');
        if (subtitle is not null)
        {
            svg.Append(c, $"""<text x="{Width / 2}" y="53" text-anchor="middle" font-size="13" fill="#444444">{Escape(subtitle)}</text>""").Append('\n');
        }

        // Grid and y axis labels.
        svg.Append("<g class=\"y-axis\" font-size=\"12\" fill=\"#333333\">\n");
        foreach (var tick in axis.Ticks)
        {
            var y = Y(tick);
            svg.Append(c, $"""<line x1="{Left}" y1="{y:0.##}" x2="{Right}" y2="{y:0.##}" stroke="#e3e3e3"/>""");
            svg.Append(c, $"""<text x="{Left - 8}" y="{y + 4:0.##}" text-anchor="end">{TickText(tick)}</text>""").Append('\n');
        }

        svg.Append("</g>\n<g class=\"x-axis\" font-size=\"12\" fill=\"#333333\">\n");
        for (var d = 0; d <= decades; d++)
        {
            var x = X(d);
            svg.Append(c, $"""<line x1="{x:0.##}" y1="{Top}" x2="{x:0.##}" y2="{Bottom}" stroke="#e3e3e3"/>""");
            svg.Append(c, $"""<text x="{x:0.##}" y="{Bottom + 18}" text-anchor="middle">{PercentileText(d)}</text>""").Append('\n');
        }

        svg.Append("</g>\n");
        svg.Append(c, $"""<rect x="{Left}" y="{Top}" width="{Right - Left}" height="{Bottom - Top}" fill="none" stroke="#888888"/>""").Append('\n');
        svg.Append(c, $"""<text x="{(Left + Right) / 2}" y="{PlotHeight - 24}" text-anchor="middle" font-size="14">Percentile</text>""").Append('\n');
        var yLabel = "Latency (" + unit.Name + (logarithmic ? ", log scale)" : ")");
        svg.Append(c, $"""<text transform="translate(24 {(Top + Bottom) / 2}) rotate(-90)" text-anchor="middle" font-size="14">{Escape(yLabel)}</text>""").Append('\n');

        // Curves.
        for (var r = 0; r < runs.Count; r++)
        {
            var path = new StringBuilder();
            foreach (var (u, value) in curves[r])
            {
                path.Append(path.Length == 0 ? "M" : " L").Append(c, $"{X(u):0.##} {Y(value / unit.Per):0.##}");
            }

            svg.Append(c, $"""<path class="latency-curve" data-run="{r}" d="{path}" fill="none" stroke="{Colors[r % Colors.Length]}" stroke-width="2.2" stroke-linejoin="round"/>""").Append('\n');
        }

        // Legend under the plot, where no curve can hide it.
        svg.Append(c, $"""<g class="legend"><rect x="{Left}" y="{PlotHeight - 6}" width="{Right - Left}" height="{(runs.Count * LegendRow) + 8}" fill="#fafafa" stroke="#cccccc"/>""").Append('\n');
        for (var r = 0; r < runs.Count; r++)
        {
            var run = runs[r];
            var h = run.Latency;
            var y = PlotHeight + 12 + (r * LegendRow);
            var color = Colors[r % Colors.Length];
            svg.Append(c, $"""<line x1="{Left + 12}" y1="{y - 4}" x2="{Left + 40}" y2="{y - 4}" stroke="{color}" stroke-width="3"/>""");
            svg.Append(c, $"""<text x="{Left + 50}" y="{y}" font-size="13">{Escape(run.Label)}</text>""");
            var stats = string.Create(c, $"p50 {LatencyText.Format(h.ValueAtPercentile(50))} · p99 {LatencyText.Format(h.ValueAtPercentile(99))} · p99.9 {LatencyText.Format(h.ValueAtPercentile(99.9))} · max {LatencyText.Format(h.MaxNanoseconds)} · {run.Throughput:0}/s · {run.Errors} errors");
            svg.Append(c, $"""<text x="{Left + 50}" y="{y + 16}" font-size="12" fill="#444444">{Escape(stats)}</text>""").Append('\n');
        }

        svg.Append("</g>\n</svg>\n");
        return svg.ToString();
    }

    /// <summary>Renders the chart to a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="runs">The runs.</param>
    /// <param name="title">The title.</param>
    /// <param name="subtitle">The subtitle, or null.</param>
    public static void WriteFile(string path, IReadOnlyList<LoadRunResult> runs, string title, string? subtitle = null) =>
        File.WriteAllText(path, Render(runs, title, subtitle), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    // Decade d of 1/(1-p) is the percentile 100 - 10^(2-d): 0, 90, 99, 99.9, 99.99, ...
    private static string PercentileText(int decade) =>
        (100 - Math.Pow(10, 2 - decade)).ToString("0." + new string('#', Math.Max(0, decade - 2)), CultureInfo.InvariantCulture) + "%";

    private static string TickText(double value) =>
        value.ToString(value >= 10 || value == Math.Floor(value) ? "0" : value >= 1 ? "0.#" : "0.###", CultureInfo.InvariantCulture);

    private static (double Min, double Max, List<double> Ticks) LinearAxis(double highest)
    {
        var raw = Math.Max(highest * 1.05, 1e-3) / 6;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = magnitude * (raw / magnitude <= 1 ? 1 : raw / magnitude <= 2 ? 2 : raw / magnitude <= 5 ? 5 : 10);
        var max = Math.Ceiling(highest * 1.05 / step) * step;
        var ticks = new List<double>();
        for (var t = 0.0; t <= max + (step / 2); t += step)
        {
            ticks.Add(Math.Round(t, 9));
        }

        return (0, max, ticks);
    }

    private static (double Min, double Max, List<double> Ticks) LogAxis(double lowest, double highest)
    {
        // Bounds and ticks on the 1-2-5 ladder: the tightest that hold every value.
        var ladder = new List<double>();
        for (var decade = Math.Pow(10, Math.Floor(Math.Log10(lowest))); decade <= highest * 10; decade *= 10)
        {
            ladder.Add(decade);
            ladder.Add(decade * 2);
            ladder.Add(decade * 5);
        }

        var min = ladder.Last(t => t <= lowest * 1.0001);
        var max = ladder.First(t => t >= highest * 0.9999);
        return (min, max, ladder.Where(t => t >= min * 0.9999 && t <= max * 1.0001).ToList());
    }

    private static string Escape(string text) => SecurityElement.Escape(text) ?? string.Empty;
}
