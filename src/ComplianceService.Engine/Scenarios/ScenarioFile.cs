using System.Globalization;
using System.Text.RegularExpressions;
using ComplianceService.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using YamlDotNet.RepresentationModel;

namespace ComplianceService.Engine.Scenarios;

/// <summary>Reads a scenario file (the format of shared/scenarios/public.yaml).</summary>
public static partial class ScenarioFile
{
    /// <summary>Every scenario of the file, in file order.</summary>
    public static IReadOnlyList<Scenario> Load(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(QuoteFreeText(File.ReadAllText(path))));
        var list = (YamlSequenceNode)stream.Documents[0].RootNode;
        return list.Children.Cast<YamlMappingNode>().Select(Read).ToList();
    }

    /// <summary>
    /// The scenario file is written by hand and has free-text lines that strict YAML rejects, such
    /// as <c>why: U visa request: Roeland Park is silent</c> (a ": " inside a plain scalar). Such a
    /// value is re-written as a double-quoted scalar before parsing; nothing else changes.
    /// </summary>
    private static string QuoteFreeText(string text) => FreeTextLine().Replace(text, match =>
        match.Groups["value"].Value.Contains(": ", StringComparison.Ordinal)
            ? match.Groups["key"].Value + "\"" + match.Groups["value"].Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
            : match.Value);

    [GeneratedRegex(@"^(?<key>\s*(?:- )?[a-z_]+: )(?<value>[^""'\[{\s].*?)\s*$", RegexOptions.Multiline)]
    private static partial Regex FreeTextLine();

    private static Scenario Read(YamlMappingNode node)
    {
        var name = Text(node, "name");
        var rpc = Text(node, "rpc");
        var request = (YamlMappingNode)node.Children[new YamlScalarNode("request")];
        var expect = (YamlMappingNode)node.Children[new YamlScalarNode("expect")];
        return new Scenario
        {
            Name = name,
            Why = TextOrNull(node, "why") ?? "",
            Rpc = rpc,
            Encounter = rpc == "CheckEncounter" ? ReadEncounter(request) : null,
            Cooperation = rpc == "CheckCooperationRequest" ? ReadCooperation(request) : null,
            Expect = ReadExpectation(expect),
        };
    }

    private static EncounterRequest ReadEncounter(YamlMappingNode node)
    {
        var request = new EncounterRequest();
        foreach (var (key, value) in Pairs(node))
        {
            switch (key)
            {
                case "jurisdiction": request.Jurisdiction = Scalar(value); break;
                case "action": request.Action = WireEnum.Parse<Contracts.V1.Action>(Scalar(value), "ACTION_"); break;
                case "contact": request.Contact = WireEnum.Parse<Contact>(Scalar(value), "CONTACT_"); break;
                case "role": request.Role = WireEnum.Parse<Role>(Scalar(value), "ROLE_"); break;
                case "crime": request.Crime = WireEnum.Parse<Crime>(Scalar(value), "CRIME_"); break;
                case "facts": request.Facts.Add(Facts(value)); break;
                case "unknown_facts": request.UnknownFacts.Add(Facts(value)); break;
                case "as_of": request.AsOf = Time(value); break;
                case "incident_id": request.IncidentId = Scalar(value); break;
                default: throw new FormatException($"unknown encounter request key '{key}'");
            }
        }

        return request;
    }

    private static CooperationRequest ReadCooperation(YamlMappingNode node)
    {
        var request = new CooperationRequest();
        foreach (var (key, value) in Pairs(node))
        {
            switch (key)
            {
                case "jurisdiction": request.Jurisdiction = Scalar(value); break;
                case "request": request.Request = WireEnum.Parse<Request>(Scalar(value), "REQUEST_"); break;
                case "agency": request.Agency = WireEnum.Parse<Agency>(Scalar(value), "AGENCY_"); break;
                case "basis": request.Basis.Add(Facts(value)); break;
                case "unknown_facts": request.UnknownFacts.Add(Facts(value)); break;
                case "as_of": request.AsOf = Time(value); break;
                case "incident_id": request.IncidentId = Scalar(value); break;
                default: throw new FormatException($"unknown cooperation request key '{key}'");
            }
        }

        return request;
    }

    private static ScenarioExpectation ReadExpectation(YamlMappingNode node)
    {
        var map = Pairs(node).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return new ScenarioExpectation
        {
            Outcome = WireEnum.Parse<Outcome>(Scalar(map["outcome"]), "OUTCOME_"),
            Obligations = map.TryGetValue("obligations", out var obligations)
                ? Names(obligations).Select(n => WireEnum.Parse<Obligation>(n, "OBLIGATION_")).ToList()
                : [],
            Determining = map.TryGetValue("determining", out var determining) ? Names(determining) : [],
            Overridden = map.TryGetValue("overridden", out var overridden) ? Names(overridden) : null,
            DependsOn = map.TryGetValue("depends_on", out var dependsOn) ? Facts(dependsOn).ToList() : null,
            Alternatives = map.TryGetValue("alternatives", out var alternatives) ? ReadAlternatives((YamlMappingNode)alternatives) : null,
            Visa = map.TryGetValue("visa", out var visa) ? WireEnum.Parse<Visa>(Scalar(visa), "VISA_") : null,
        };
    }

    private static List<(IReadOnlySet<Fact>, Outcome)> ReadAlternatives(YamlMappingNode node) =>
        Pairs(node).Select(p => (
            (IReadOnlySet<Fact>)p.Key.Split([',', '+', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(f => WireEnum.Parse<Fact>(f, "FACT_")).ToHashSet(),
            WireEnum.Parse<Outcome>(Scalar(p.Value), "OUTCOME_"))).ToList();

    private static IEnumerable<Fact> Facts(YamlNode node) => Names(node).Select(n => WireEnum.Parse<Fact>(n, "FACT_"));

    private static List<string> Names(YamlNode node) => ((YamlSequenceNode)node).Children.Select(Scalar).ToList();

    private static Timestamp Time(YamlNode node) =>
        Timestamp.FromDateTime(DateTime.Parse(Scalar(node), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));

    private static IEnumerable<(string Key, YamlNode Value)> Pairs(YamlMappingNode node) =>
        node.Children.Select(p => (Scalar(p.Key), p.Value));

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value ?? "";

    private static string Text(YamlMappingNode node, string key) =>
        TextOrNull(node, key) ?? throw new FormatException($"scenario lacks '{key}'");

    private static string? TextOrNull(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? Scalar(value) : null;
}
