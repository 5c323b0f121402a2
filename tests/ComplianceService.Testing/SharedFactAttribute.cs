using Xunit;

namespace ComplianceService.Testing;

/// <summary>A fact that reads the shared folder (seed documents, public scenarios): skipped, with
/// the reason, when the folder is absent (a fresh clone without ../shared). xunit 2.9 has no
/// Assert.Skip, so the skip is decided when the test is discovered.</summary>
public sealed class SharedFactAttribute : FactAttribute
{
    /// <summary>Skips the test when the shared folder is missing.</summary>
    public SharedFactAttribute()
    {
        if (RepositoryPaths.SharedMissing is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that reads the shared folder; skipped, with the reason, when it is absent.</summary>
public sealed class SharedTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips the theory when the shared folder is missing.</summary>
    public SharedTheoryAttribute()
    {
        if (RepositoryPaths.SharedMissing is { } reason)
        {
            Skip = reason;
        }
    }
}
