namespace ComplianceService.Cli.UnitTests;

/// <summary>Help, usage errors and the store commands' checks that come before any connection.</summary>
public sealed class UsageTests
{
    [Fact]
    public async Task Help_lists_the_commands_and_the_exit_codes()
    {
        var run = await CliRun.RunAsync("--help");

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var command in new[] { "validate", "compile", "test", "explain", "publish", "activate", "rollback", "status" })
        {
            Assert.Contains("  " + command, run.Output, StringComparison.Ordinal);
        }

        Assert.Contains("Exit codes:", run.Output, StringComparison.Ordinal);
        Assert.Contains("3  Redis unreachable", run.Output, StringComparison.Ordinal);
        Assert.Contains("admin", run.Output, StringComparison.Ordinal);
        Assert.Contains("6  Redis refused the command to this credential", run.Output, StringComparison.Ordinal);
        Assert.Contains("--signing-key", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("publish")]
    [InlineData("activate")]
    [InlineData("rollback")]
    public async Task A_signing_key_that_is_missing_or_not_a_P256_private_key_exits_2_before_connecting(string command)
    {
        using var directory = new TemporaryDirectory();
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        File.WriteAllText(directory.File("admin.pub.pem"), key.ExportSubjectPublicKeyInfoPem());
        string[] head = command == "activate" ? [command, new string('a', 64)] : [command];

        // Nothing listens on port 1: had the command connected first, it would exit 3.
        var missing = await CliRun.RunAsync([.. head, "--redis", "127.0.0.1:1", "--signing-key", directory.File("absent.key")]);
        var publicOnly = await CliRun.RunAsync([.. head, "--redis", "127.0.0.1:1", "--signing-key", directory.File("admin.pub.pem")]);

        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("cannot read the signing key", missing.Error, StringComparison.Ordinal);
        Assert.True(publicOnly.ExitCode == 2, publicOnly.ToString());
        Assert.Contains("signing needs the private key", publicOnly.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("compile", "--no-such-option")]
    [InlineData("test")]
    [InlineData("activate")]
    public async Task Bad_usage_exits_2(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1234567")]
    [InlineData("not-hex-at-all")]
    public async Task Activate_refuses_what_is_not_a_revision_or_a_long_enough_prefix(string revision)
    {
        var run = await CliRun.RunAsync("activate", revision, "--redis", "127.0.0.1:1");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("is not a revision", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_refuses_policies_that_do_not_compile_before_touching_the_store()
    {
        using var copy = TemporaryDirectory.WithPolicies();
        File.AppendAllText(copy.File("us-ks.yaml"), "\n  garbage: [\n");

        // Nothing listens on port 1: had publish connected first, it would exit 3.
        var run = await CliRun.RunAsync("publish", "--policies", copy.Path, "--redis", "127.0.0.1:1");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("us-ks.yaml:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_command_against_an_unreachable_Redis_exits_3_without_showing_the_password()
    {
        var run = await CliRun.RunAsync("status", "--redis", "127.0.0.1:1,password=s3cret");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("cannot reach Redis at 127.0.0.1:1", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", run.Error + run.Output, StringComparison.Ordinal);
    }
}
