using System.Text.RegularExpressions;
using ComplianceService.Engine.Internal;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ComplianceService.Policies.Internal;

/// <summary>
/// One policy source parsed as YAML, and the reading helpers every reader of it shares: each
/// problem becomes a <see cref="PolicyDiagnostic"/> naming this document's <see cref="Name"/>,
/// line and column, and reading goes on so that one run reports as much as it can.
/// </summary>
internal sealed partial class PolicyDocument
{
    private readonly List<PolicyDiagnostic> _diagnostics;

    private PolicyDocument(string name, YamlMappingNode root, List<PolicyDiagnostic> diagnostics)
    {
        Name = name;
        Root = root;
        _diagnostics = diagnostics;
    }

    /// <summary>The source's name as given to the compiler (a path when read from a folder).</summary>
    public string Name { get; }

    public YamlMappingNode Root { get; }

    [GeneratedRegex("^[0-9]{3}_[0-9a-f]{16}$")]
    private static partial Regex SeedPattern();

    /// <summary>Parses the text as one YAML mapping; null (after reporting why) when it is not.</summary>
    public static PolicyDocument? Parse(PolicySource source, List<PolicyDiagnostic> diagnostics)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(source.Text));
            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                diagnostics.Add(new PolicyDiagnostic(source.Name, 1, 1, "a policy file holds exactly one mapping (id, name, parent, sources)"));
                return null;
            }

            return new PolicyDocument(source.Name, root, diagnostics);
        }
        catch (YamlException e)
        {
            diagnostics.Add(new PolicyDiagnostic(source.Name, (int)e.Start.Line, (int)e.Start.Column, "YAML: " + e.Message));
            return null;
        }
    }

    public static YamlNode? Child(YamlMappingNode node, string key)
    {
        foreach (var (k, v) in node.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && name == key)
            {
                return v;
            }
        }

        return null;
    }

    public static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null";

    public YamlMappingNode? Mapping(YamlMappingNode node, string key, string context)
    {
        switch (Child(node, key))
        {
            case YamlMappingNode mapping:
                return mapping;
            case null:
                Error(node, $"{context}: missing '{key}'");
                return null;
            case var other:
                Error(other, $"{context}: '{key}' must be a mapping");
                return null;
        }
    }

    public IEnumerable<YamlScalarNode> Sequence(YamlNode node, string context)
    {
        if (node is not YamlSequenceNode sequence)
        {
            Error(node, $"{context}: expected a list");
            yield break;
        }

        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode scalar)
            {
                yield return scalar;
            }
            else
            {
                Error(item, $"{context}: expected a name");
            }
        }
    }

    public YamlScalarNode? RequiredScalar(YamlMappingNode node, string key, string context)
    {
        switch (Child(node, key))
        {
            case YamlScalarNode scalar when !IsNull(scalar) && !string.IsNullOrWhiteSpace(scalar.Value):
                return scalar;
            case null:
                Error(node, $"{context}: missing '{key}'");
                return null;
            case var other:
                Error(other, $"{context}: '{key}' must be a non-empty text");
                return null;
        }
    }

    public void CheckKeys(YamlMappingNode node, string[] allowed, string context)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, _) in node.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (Array.IndexOf(allowed, name) < 0)
            {
                Error(key, $"{context}: unknown key '{name}' (expected {string.Join(", ", allowed)})");
            }
            else if (!seen.Add(name))
            {
                Error(key, $"{context}: duplicate key '{name}'");
            }
        }
    }

    public bool Flag(YamlMappingNode node, string key, string context)
    {
        if (Child(node, key) is not { } flag)
        {
            return false;
        }

        if (flag is YamlScalarNode { Value: "true" or "false" } scalar)
        {
            return scalar.Value == "true";
        }

        Error(flag, $"{context}: {key} must be true or false");
        return false;
    }

    /// <summary>The number of a vocabulary name (without its prefix), or 0 after reporting an
    /// unknown one; 0 too when the node is missing (already reported).</summary>
    public int ParseName(YamlScalarNode? node, EnumNames names, string context)
    {
        if (node is null)
        {
            return 0;
        }

        if (names.TryParse(node.Value ?? "", out var number) && number != 0)
        {
            return number;
        }

        Error(node, $"{context}: unknown name '{node.Value}' (expected one of {string.Join(", ", names.ShortNames)})");
        return 0;
    }

    /// <summary>A seed name (a seed file stem such as 000_b5877ab4b80003f7), or null for none.</summary>
    public string? ParseSeed(YamlScalarNode? seedNode, string context)
    {
        if (seedNode is null || seedNode.Value == "none")
        {
            return null;
        }

        if (!SeedPattern().IsMatch(seedNode.Value!))
        {
            Error(seedNode, $"{context}: bad seed '{seedNode.Value}' (expected a seed file name such as 000_b5877ab4b80003f7, or none)");
            return null;
        }

        return seedNode.Value;
    }

    /// <summary>Parses a rule condition; on failure reports it at the offending token.</summary>
    public Condition? ParseCondition(YamlScalarNode node, PolicyVocabulary vocabulary, ulong allowed, string kind)
    {
        var condition = ConditionParser.Parse(node.Value ?? "", vocabulary.Predicates, vocabulary.Implications, allowed, kind, out var error, out var offset);
        if (condition is null)
        {
            // Point at the offending token when the condition sits on one line.
            var quoted = node.Style is ScalarStyle.DoubleQuoted or ScalarStyle.SingleQuoted ? 1 : 0;
            Error((int)node.Start.Line, (int)node.Start.Column + quoted + offset, $"when: {error} in \"{node.Value}\"");
        }

        return condition;
    }

    public SourceLocation Locate(YamlNode node) => new(Name, (int)node.Start.Line, (int)node.Start.Column);

    public void Error(YamlNode node, string message) => Error((int)node.Start.Line, (int)node.Start.Column, message);

    public void Error(int line, int column, string message) => _diagnostics.Add(new PolicyDiagnostic(Name, line, column, message));
}
