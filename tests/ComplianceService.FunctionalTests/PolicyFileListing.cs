using System.Globalization;
using ComplianceService.Contracts.V1;
using ComplianceService.Scenarios;
using ComplianceService.Testing;
using YamlDotNet.RepresentationModel;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// What ListJurisdictions must list, read by the test straight from the policy files (one per
/// jurisdiction, policies/README.md), independently of the engine's compiler.
/// </summary>
public static class PolicyFileListing
{
    /// <summary>Every jurisdiction of the policies folder, each with its own sources only.</summary>
    public static IReadOnlyList<Jurisdiction> Read(string? policiesPath = null)
    {
        var files = Directory.GetFiles(policiesPath ?? RepositoryPaths.Policies, "*.yaml");
        var result = new List<Jurisdiction>();
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            using (var reader = File.OpenText(file))
            {
                stream.Load(reader);
            }

            var root = (YamlMappingNode)stream.Documents[0].RootNode;
            var id = Scalar(root, "id")!;
            var jurisdiction = new Jurisdiction { Id = id, Name = Scalar(root, "name")!, Parent = Scalar(root, "parent") ?? "" };
            if (root.Children.TryGetValue(new YamlScalarNode("sources"), out var sources))
            {
                foreach (var source in ((YamlSequenceNode)sources).Children.Cast<YamlMappingNode>())
                {
                    jurisdiction.Sources.Add(ReadSource(source, id));
                }
            }

            result.Add(jurisdiction);
        }

        return result;
    }

    private static Source ReadSource(YamlMappingNode node, string jurisdiction)
    {
        var effective = Scalar(node, "effective");
        var seed = Scalar(node, "seed");
        return new Source
        {
            Id = Scalar(node, "id")!,
            Title = Scalar(node, "title")!,
            Authority = WireEnum.Parse<Authority>(Scalar(node, "authority")!, "AUTHORITY_"),
            Provenance = WireEnum.Parse<Provenance>(Scalar(node, "provenance")!, "PROVENANCE_"),
            Effective = effective is null or "unknown"
                ? null
                : Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.ParseExact(
                    effective, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)),
            Jurisdiction = jurisdiction,
            Seed = seed is null or "none" ? "" : seed,
        };
    }

    /// <summary>A plain scalar's text; null when the key is absent or the value is YAML null.</summary>
    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar
            && !(scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is "null" or "~" or "")
            ? scalar.Value
            : null;
}
