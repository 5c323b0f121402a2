using System.Globalization;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// The samples of a Prometheus text exposition (format 0.0.4, what <c>/metrics</c> answers a plain GET): each line
/// <c>name{label="value",...} value [timestamp]</c>, comments and blank lines skipped, label values unescaped.
/// </summary>
internal sealed class PrometheusText
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = [];

    private PrometheusText()
    {
    }

    /// <summary>Every sample, in the order written.</summary>
    public IReadOnlyList<(string Name, Dictionary<string, string> Labels, double Value)> Samples => _samples;

    /// <summary>Reads an exposition; a line that is not a sample fails the test, naming the line.</summary>
    public static PrometheusText Parse(string text)
    {
        var parsed = new PrometheusText();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            string name;
            int rest;
            if (brace >= 0 && (space < 0 || brace < space))
            {
                name = line[..brace];
                rest = ReadLabels(line, brace + 1, labels);
            }
            else
            {
                Assert.True(space > 0, $"not a sample line: {line}");
                name = line[..space];
                rest = space;
            }

            var fields = line[rest..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(fields.Length >= 1, $"no value on: {line}");
            var value = fields[0] switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                var number => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            parsed._samples.Add((name, labels, value));
        }

        return parsed;
    }

    /// <summary>The value of the one sample named <paramref name="name"/> whose labels include all of
    /// <paramref name="labels"/>, or null when there is none; fails when more than one matches.</summary>
    public double? Value(string name, params (string Key, string Value)[] labels)
    {
        var matches = _samples
            .Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value))
            .ToList();
        Assert.True(matches.Count <= 1, $"{matches.Count} samples of {name} match {string.Join(",", labels)}");
        return matches.Count == 0 ? null : matches[0].Value;
    }

    // Reads label="value" pairs up to the closing brace; returns the index after it.
    private static int ReadLabels(string line, int i, Dictionary<string, string> labels)
    {
        while (i < line.Length && line[i] != '}')
        {
            var equals = line.IndexOf('=', i);
            Assert.True(equals > i && line[equals + 1] == '"', $"bad label at {i} in: {line}");
            var key = line[i..equals].Trim(' ', ',');
            var value = new System.Text.StringBuilder();
            var j = equals + 2;
            for (; line[j] != '"'; j++)
            {
                if (line[j] == '\\')
                {
                    j++;
                    value.Append(line[j] switch { 'n' => '\n', var c => c });
                }
                else
                {
                    value.Append(line[j]);
                }
            }

            labels[key] = value.ToString();
            i = j + 1;
            if (i < line.Length && line[i] == ',')
            {
                i++;
            }
        }

        return i + 1;
    }
}
