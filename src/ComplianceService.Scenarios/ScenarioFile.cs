using System.Globalization;
using ComplianceService.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using YamlDotNet.RepresentationModel;

namespace ComplianceService.Scenarios;

/// <summary>Reads a scenario file (the format of shared/scenarios/public.yaml).</summary>
public static class ScenarioFile
{
    private static readonly HashSet<string> ExpectKeys = new(
        ["outcome", "obligations", "determining", "provenance", "overridden", "depends_on", "alternatives", "visa", "what_if"],
        StringComparer.Ordinal);

    /// <summary>Every scenario of the file, in file order. The file is plain YAML. A request or
    /// expect key this reader does not know is an error, never a field silently left out or an
    /// expectation silently left unchecked.</summary>
    public static IReadOnlyList<Scenario> Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(path))
        {
            stream.Load(reader);
        }

        var list = (YamlSequenceNode)stream.Documents[0].RootNode;
        return list.Children.Cast<YamlMappingNode>().Select(Read).ToList();
    }

    private static Scenario Read(YamlMappingNode node)
    {
        var name = Text(node, "name");
        var rpc = Text(node, "rpc");
        if (rpc is not ("CheckEncounter" or "CheckCooperationRequest"))
        {
            throw new FormatException($"scenario '{name}': unknown rpc '{rpc}'");
        }

        var request = (YamlMappingNode)node.Children[new YamlScalarNode("request")];
        var expect = (YamlMappingNode)node.Children[new YamlScalarNode("expect")];
        return new Scenario
        {
            Name = name,
            Why = TextOrNull(node, "why") ?? "",
            Rpc = rpc,
            Encounter = rpc == "CheckEncounter" ? ReadEncounter(request) : null,
            Cooperation = rpc == "CheckCooperationRequest" ? ReadCooperation(request) : null,
            Expect = ReadExpectation(name, expect),
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
                case "include_what_if": request.IncludeWhatIf = Bool(value); break;
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
                case "include_what_if": request.IncludeWhatIf = Bool(value); break;
                default: throw new FormatException($"unknown cooperation request key '{key}'");
            }
        }

        return request;
    }

    private static ScenarioExpectation ReadExpectation(string name, YamlMappingNode node)
    {
        var map = Pairs(node).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (map.Keys.FirstOrDefault(k => !ExpectKeys.Contains(k)) is { } unknown)
        {
            throw new FormatException($"scenario '{name}': unknown expect key '{unknown}'");
        }

        return new ScenarioExpectation
        {
            Outcome = WireEnum.Parse<Outcome>(Scalar(map["outcome"]), "OUTCOME_"),
            Obligations = map.TryGetValue("obligations", out var obligations)
                ? Names(obligations).Select(n => WireEnum.Parse<Obligation>(n, "OBLIGATION_")).ToList()
                : null,
            Determining = map.TryGetValue("determining", out var determining) ? Names(determining) : null,
            Provenance = map.TryGetValue("provenance", out var provenance)
                ? Pairs((YamlMappingNode)provenance).ToDictionary(p => p.Key, p => WireEnum.Parse<Provenance>(Scalar(p.Value), "PROVENANCE_"), StringComparer.Ordinal)
                : new Dictionary<string, Provenance>(StringComparer.Ordinal),
            Overridden = map.TryGetValue("overridden", out var overridden) ? Names(overridden) : null,
            DependsOn = map.TryGetValue("depends_on", out var dependsOn) ? Facts(dependsOn).ToList() : null,
            Alternatives = map.TryGetValue("alternatives", out var alternatives) ? ReadAlternatives((YamlMappingNode)alternatives) : null,
            Visa = map.TryGetValue("visa", out var visa) ? WireEnum.Parse<Visa>(Scalar(visa), "VISA_") : null,
            WhatIf = map.TryGetValue("what_if", out var whatIf) ? ReadWhatIf(whatIf) : null,
        };
    }

    private static List<ScenarioWhatIf> ReadWhatIf(YamlNode node) =>
        ((YamlSequenceNode)node).Children.Cast<YamlMappingNode>().Select(entry =>
        {
            var map = Pairs(entry).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            if (map.Keys.FirstOrDefault(k => k is not ("fact" or "becomes_true" or "outcome")) is { } unknown)
            {
                throw new FormatException($"unknown what_if key '{unknown}'");
            }

            return new ScenarioWhatIf(
                WireEnum.Parse<Fact>(Scalar(map["fact"]), "FACT_"),
                Bool(map["becomes_true"]),
                WireEnum.Parse<Outcome>(Scalar(map["outcome"]), "OUTCOME_"));
        }).ToList();

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

    /// <summary>A YAML 1.2 core-schema boolean (true/True/TRUE, false/False/FALSE).</summary>
    private static bool Bool(YamlNode node) => Scalar(node) switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        var other => throw new FormatException($"'{other}' is not a boolean (true or false)"),
    };

    private static string Text(YamlMappingNode node, string key) =>
        TextOrNull(node, key) ?? throw new FormatException($"scenario lacks '{key}'");

    private static string? TextOrNull(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? Scalar(value) : null;
}
