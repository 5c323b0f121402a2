namespace ComplianceService.Policies.Internal;

/// <summary>
/// The link stage: jurisdiction and source ids are unique, there is one root, and each
/// jurisdiction's chain (root first, itself last) is resolved through the parents.
/// </summary>
internal static class PolicyLinker
{
    public static void Link(List<JurisdictionModel> jurisdictions, List<PolicyDiagnostic> diagnostics)
    {
        var byId = new Dictionary<string, JurisdictionModel>(StringComparer.Ordinal);
        var sourceIds = new Dictionary<string, SourceModel>(StringComparer.Ordinal);
        foreach (var jurisdiction in jurisdictions)
        {
            if (!byId.TryAdd(jurisdiction.Id, jurisdiction))
            {
                Report(diagnostics, jurisdiction.Location, $"duplicate jurisdiction id '{jurisdiction.Id}' (also in {byId[jurisdiction.Id].Location.File})");
            }

            foreach (var source in jurisdiction.Sources)
            {
                if (!sourceIds.TryAdd(source.Id, source))
                {
                    Report(diagnostics, source.Location, $"duplicate source id '{source.Id}' (also at {sourceIds[source.Id].Location})");
                }
            }
        }

        var roots = jurisdictions.Where(j => j.Parent is null).ToList();
        if (roots.Count != 1)
        {
            foreach (var root in roots.Count == 0 ? jurisdictions.Take(1) : roots.Skip(1))
            {
                Report(diagnostics, root.Location, roots.Count == 0 ? "no root jurisdiction (one file must have parent: null)" : $"more than one root jurisdiction ('{roots[0].Id}' and '{root.Id}')");
            }
        }

        foreach (var jurisdiction in jurisdictions)
        {
            var chain = new List<JurisdictionModel>();
            for (var current = jurisdiction; current is not null;)
            {
                if (chain.Contains(current))
                {
                    Report(diagnostics, jurisdiction.Location, $"jurisdiction '{jurisdiction.Id}': parent chain loops at '{current.Id}'");
                    break;
                }

                chain.Add(current);
                if (current.Parent is null)
                {
                    break;
                }

                if (!byId.TryGetValue(current.Parent, out var parent))
                {
                    Report(diagnostics, current.Location, $"jurisdiction '{current.Id}': unknown parent '{current.Parent}'");
                    break;
                }

                current = parent;
            }

            chain.Reverse();
            jurisdiction.Chain.AddRange(chain);
        }
    }

    private static void Report(List<PolicyDiagnostic> diagnostics, SourceLocation location, string message) =>
        diagnostics.Add(new PolicyDiagnostic(location.File, location.Line, location.Column, message));
}
