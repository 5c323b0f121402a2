namespace ComplianceService.Policies.Internal;

/// <summary>Every policy file of a directory, parsed and cross-checked.</summary>
internal sealed class PolicySet
{
    public required PolicyVocabulary Vocabulary { get; init; }

    /// <summary>Sorted by id (ordinal).</summary>
    public required IReadOnlyList<JurisdictionModel> Jurisdictions { get; init; }

    public JurisdictionModel? Find(string id)
    {
        foreach (var jurisdiction in Jurisdictions)
        {
            if (jurisdiction.Id == id)
            {
                return jurisdiction;
            }
        }

        return null;
    }
}
