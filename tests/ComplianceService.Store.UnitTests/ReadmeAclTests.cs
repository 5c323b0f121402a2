using ComplianceService.Testing.Redis;

namespace ComplianceService.Store.UnitTests;

/// <summary>The ACL lines the tests run against a real redis-server are the README's, word for word.</summary>
public sealed class ReadmeAclTests
{
    [Fact]
    public void The_readme_gives_the_two_acl_users_the_tests_set_up()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));

        Assert.Contains(RedisAcl.ServerUserLine, readme, StringComparison.Ordinal);
        Assert.Contains(RedisAcl.AdminUserLine, readme, StringComparison.Ordinal);
        Assert.Contains("ACL SETUSER default off", readme, StringComparison.Ordinal);
    }
}
