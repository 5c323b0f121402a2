using System.Collections.Immutable;
using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Analysis;
using RelevantInputs = ComplianceService.Engine.Analysis.RelevantInputs;

namespace ComplianceService.Engine.Internal;

/// <summary>Computes <see cref="RelevantInputs"/> for every target of a jurisdiction from its tables, over
/// every epoch (the definition is on <see cref="RelevantInputs"/>).</summary>
internal static class RelevanceAnalysis
{
    public static ImmutableArray<RelevantInputs> Of(JurisdictionState state, int[] answers)
    {
        var result = ImmutableArray.CreateBuilder<RelevantInputs>(InputLayout.TargetCount);
        for (var target = 0; target < InputLayout.TargetCount; target++)
        {
            var relevant = new SortedSet<int>[4] { [], [], [], [] };
            var seen = new HashSet<CompiledTable>(ReferenceEqualityComparer.Instance);
            foreach (var start in state.EpochStarts)
            {
                var table = state.Table(start, target);
                if (seen.Add(table))
                {
                    Add(table, target, answers, relevant);
                }
            }

            result.Add(new RelevantInputs(
                InputLayout.TargetAction(target),
                InputLayout.TargetRequest(target),
                [.. relevant[(int)InputKind.Fact].Select(n => (Fact)n)],
                [.. relevant[(int)InputKind.Contact].Select(n => (Contact)n)],
                [.. relevant[(int)InputKind.Role].Select(n => (Role)n)],
                [.. relevant[(int)InputKind.Crime].Select(n => (Crime)n)]));
        }

        return result.MoveToImmutable();
    }

    private static void Add(CompiledTable table, int target, int[] answers, SortedSet<int>[] relevant)
    {
        var space = InputSpace.For(target, table.Mask);
        var cells = new int[space.CellCount];
        space.ForEachCell((cell, input) => cells[cell] = answers[table.Lookup(input).Index]);
        for (var v = 0; v < space.Variables.Length; v++)
        {
            var variable = space.Variables[v];
            var stride = space.Strides[v];
            if (variable.Kind == InputKind.Fact)
            {
                if (Differs(space, cells, v, 0, 1, stride))
                {
                    relevant[(int)InputKind.Fact].Add(variable.Fact);
                }

                continue;
            }

            // Classes of values that answer alike whatever the other inputs.
            var values = variable.Values;
            var classOf = new int[values.Length];
            for (var a = 0; a < values.Length; a++)
            {
                classOf[a] = a;
                for (var b = 0; b < a; b++)
                {
                    if (classOf[b] == b && !Differs(space, cells, v, b, a, stride))
                    {
                        classOf[a] = b;
                        break;
                    }
                }
            }

            var classes = classOf.Distinct().ToList();
            if (classes.Count < 2)
            {
                continue;
            }

            var other = Array.FindIndex(values, value => value.IsOther);
            var baseline = other >= 0
                ? classOf[other]
                : classes.OrderByDescending(c => classOf.Count(x => x == c)).ThenBy(c => c).First();
            for (var a = 0; a < values.Length; a++)
            {
                if (classOf[a] != baseline)
                {
                    relevant[(int)variable.Kind].UnionWith(values[a].Members);
                }
            }
        }
    }

    /// <summary>True when some cell with value <paramref name="a"/> of variable <paramref name="v"/> answers
    /// otherwise than the same cell with value <paramref name="b"/>. Cells are low + stride * (value + domain * high).</summary>
    private static bool Differs(InputSpace space, int[] cells, int v, int a, int b, long stride)
    {
        var domain = space.Variables[v].Values.Length;
        var block = stride * domain;
        var offset = (b - a) * stride;
        for (var high = 0L; high < cells.Length; high += block)
        {
            var first = high + (a * stride);
            for (var cell = first; cell < first + stride; cell++)
            {
                if (cells[cell] != cells[cell + offset])
                {
                    return true;
                }
            }
        }

        return false;
    }
}
