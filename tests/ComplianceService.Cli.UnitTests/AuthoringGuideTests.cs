using System.Text.RegularExpressions;
using ComplianceService.Testing;

namespace ComplianceService.Cli.UnitTests;

/// <summary>
/// policies/README.md "Add a new agency", followed as written on a temporary copy of policies/: the fenced blocks
/// marked <c>step</c> are read from the guide itself and run in order (a <c>file=</c> block is written, a shell block's
/// <c>cp</c> and <c>compliancectl</c> lines are run, <c>compliancectl</c> in process), and each <c>output</c> block's
/// lines must be in what the step before it printed. So the guide and the tools cannot drift apart.
/// </summary>
public sealed partial class AuthoringGuideTests
{
    [Fact]
    public async Task Following_the_guide_adds_an_agency_that_validates_passes_its_scenarios_explains_compiles_and_diffs()
    {
        var guide = File.ReadAllText(Path.Combine(RepositoryPaths.Policies, "README.md"));
        var steps = Blocks(guide).Where(b => b.Attributes.Contains("step") || b.Attributes.Contains("output")).ToList();
        using var root = CopyOfPolicies();
        CliRun? last = null;
        var ran = new List<string>();

        foreach (var step in steps)
        {
            if (step.Attributes.Contains("output"))
            {
                Assert.NotNull(last);
                var from = 0;
                foreach (var line in step.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    var at = last.Output.IndexOf(line, from, StringComparison.Ordinal);
                    Assert.True(at >= 0, $"the guide shows \"{line}\" after '{ran[^1]}', which printed:{Environment.NewLine}{last}");
                    from = at + line.Length;
                }
            }
            else if (step.Attribute("file") is { } file)
            {
                var path = Path.Combine(root.Path, file);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, step.Body);
                ran.Add("write " + file);
            }
            else
            {
                var exit = step.Attribute("exit") is { } code ? int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) : 0;
                foreach (var line in step.Body.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
                {
                    var words = Words(line);
                    switch (words[0])
                    {
                        case "cp":
                            Assert.Equal(3, words.Count);
                            File.Copy(Path.Combine(root.Path, words[1]), Path.Combine(root.Path, words[2]));
                            break;
                        case "compliancectl":
                            last = await CliRun.RunAsync([.. words.Skip(1).Select(w => InCopy(root, w))]);
                            Assert.True(last.ExitCode == exit, $"{line}: expected exit {exit}{Environment.NewLine}{last}");
                            break;
                        default:
                            Assert.Fail($"the guide's step '{line}' is neither cp nor compliancectl: teach this test to run it");
                            break;
                    }

                    ran.Add(line);
                }
            }
        }

        // The guide's path, from the template to a compiled bundle, was walked.
        Assert.Contains(ran, r => r.StartsWith("cp policies/templates/agency.yaml.example policies/", StringComparison.Ordinal));
        foreach (var command in new[] { "validate", "test", "explain", "compile", "diff" })
        {
            Assert.Contains(ran, r => r.StartsWith("compliancectl " + command + " ", StringComparison.Ordinal));
        }

        var compile = await CliRun.RunAsync("compile", "--policies", Path.Combine(root.Path, "policies"), "--out", Path.Combine(root.Path, "after.bundle"));
        Assert.True(compile.ExitCode == 0, compile.ToString());
        var snapshot = Engine.PolicySnapshot.Load(File.ReadAllBytes(Path.Combine(root.Path, "after.bundle")));
        Assert.Contains("us-ks-exampleville", snapshot.JurisdictionIds);
    }

    [Fact]
    public async Task The_template_copied_but_not_filled_in_does_not_validate_and_says_where()
    {
        using var root = CopyOfPolicies();
        File.Copy(Path.Combine(root.Path, "policies", "templates", "agency.yaml.example"), Path.Combine(root.Path, "policies", "us-ks-new.yaml"));

        var run = await CliRun.RunAsync("validate", "--policies", Path.Combine(root.Path, "policies"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("us-ks-new.yaml:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_template_is_not_a_policy_file_the_compiler_reads()
    {
        var template = Path.Combine(RepositoryPaths.Policies, "templates", "agency.yaml.example");

        Assert.True(File.Exists(template));
        Assert.DoesNotContain(Policies.PolicyFolder.ReadPolicies(RepositoryPaths.Policies), s => Path.GetFileName(s.Name).Contains("template", StringComparison.Ordinal));
    }

    /// <summary>A temporary folder holding policies/ (its *.yaml files and templates/), as a checkout has it.</summary>
    private static TemporaryDirectory CopyOfPolicies()
    {
        var root = new TemporaryDirectory();
        Directory.CreateDirectory(Path.Combine(root.Path, "policies", "templates"));
        foreach (var file in Directory.GetFiles(RepositoryPaths.Policies, "*.yaml").Concat(Directory.GetFiles(Path.Combine(RepositoryPaths.Policies, "templates"))))
        {
            File.Copy(file, Path.Combine(root.Path, Path.GetRelativePath(RepositoryPaths.Root, file)));
        }

        return root;
    }

    /// <summary>A path the guide gives relative to the repository root, in the copy; anything else as it is.</summary>
    private static string InCopy(TemporaryDirectory root, string word) =>
        !word.StartsWith('-') && (word == "policies" || word.StartsWith("policies/", StringComparison.Ordinal) || word.EndsWith(".bundle", StringComparison.Ordinal))
            ? Path.Combine(root.Path, word)
            : word;

    /// <summary>A command line's words, double quotes grouping.</summary>
    private static List<string> Words(string line) =>
        [.. WordPattern().Matches(line).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Value)];

    private static IEnumerable<Block> Blocks(string markdown) =>
        FencePattern().Matches(markdown.ReplaceLineEndings("\n")).Select(m => new Block(
            m.Groups["info"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            m.Groups["body"].Value));

    [GeneratedRegex("^```(?<info>[^\\n`]*)\\n(?<body>.*?)^```[ \\t]*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencePattern();

    [GeneratedRegex("\"([^\"]*)\"|\\S+")]
    private static partial Regex WordPattern();

    /// <summary>One fenced block: its info string's words (language first, then <c>step</c>, <c>file=...</c>, ...) and its text.</summary>
    private sealed record Block(string[] Attributes, string Body)
    {
        public string? Attribute(string name) =>
            Attributes.FirstOrDefault(a => a.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];
    }
}
