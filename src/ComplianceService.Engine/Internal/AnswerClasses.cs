using System.Globalization;
using System.Text;
using ComplianceService.Engine.Analysis;

namespace ComplianceService.Engine.Internal;

/// <summary>
/// Numbers decision templates by what they tell the officer (<see cref="DecisionSummary"/>: the
/// outcome, the visa, and the obligations with who acts and by when), so that two templates, of
/// one snapshot or of two, get the same number exactly when their answers are the same. Guidance
/// lines and citations are not compared.
/// </summary>
internal sealed class AnswerClasses
{
    private readonly Dictionary<string, int> _byKey = new(StringComparer.Ordinal);
    private readonly List<DecisionSummary> _summaries = [];

    /// <summary>The answer of each number.</summary>
    public DecisionSummary this[int answer] => _summaries[answer];

    /// <summary>The answer number of every template of <paramref name="snapshot"/>, by template index.</summary>
    public int[] Of(PolicySnapshot snapshot) => Of(snapshot.Templates);

    /// <summary>The answer number of every template, by template index.</summary>
    public int[] Of(IReadOnlyList<DecisionTemplate> templates)
    {
        var answers = new int[templates.Count];
        foreach (var template in templates)
        {
            answers[template.Index] = Of(template);
        }

        return answers;
    }

    private int Of(DecisionTemplate template)
    {
        var key = new StringBuilder();
        key.Append(CultureInfo.InvariantCulture, $"{(int)template.Outcome}|{(int)template.Visa}");
        foreach (var obligation in template.Obligations.OrderBy(o => o.Code))
        {
            key.Append(CultureInfo.InvariantCulture, $"|{(int)obligation.Code}:{(int)obligation.Actor}:{obligation.Deadline?.Ticks}");
        }

        var text = key.ToString();
        if (!_byKey.TryGetValue(text, out var answer))
        {
            answer = _summaries.Count;
            _byKey[text] = answer;
            _summaries.Add(new DecisionSummary(template.Outcome, template.Visa, [.. template.Obligations.OrderBy(o => o.Code)]));
        }

        return answer;
    }
}
