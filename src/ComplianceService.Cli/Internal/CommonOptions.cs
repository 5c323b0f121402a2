using System.CommandLine;
using ComplianceService.Store;

namespace ComplianceService.Cli.Internal;

/// <summary>The options several commands share, with their defaults.</summary>
internal static class CommonOptions
{
    /// <summary>The environment variable read when <c>--redis</c> is not given.</summary>
    public const string RedisEnvironmentVariable = "COMPLIANCE_REDIS";

    /// <summary>The environment variable read when <c>--signing-key</c> is not given.</summary>
    public const string SigningKeyEnvironmentVariable = "COMPLIANCE_SIGNING_KEY";

    public static Option<DirectoryInfo> Policies() => new("--policies", "-p")
    {
        Description = "Folder of policy files (<jurisdiction>.yaml)",
        DefaultValueFactory = _ => new DirectoryInfo("policies"),
    };

    public static Option<DirectoryInfo?> Seeds() => new("--seeds")
    {
        Description = "Folder of seed documents; when given, every rule's quote must appear in its source's seed",
    };

    public static Option<string?> Redis() => new("--redis", "-r")
    {
        // No DefaultValueFactory: --help would print the environment's value, password included.
        Description = "Redis connection string, e.g. \"host:6379,password=...\" (default: $" + RedisEnvironmentVariable + ")",
    };

    public static Option<string> Prefix() => new("--prefix")
    {
        Description = "Key prefix of the policy store (the servers' Compliance:KeyPrefix)",
        DefaultValueFactory = _ => "compliance:",
    };

    public static Option<string> By() => new("--by")
    {
        Description = "Who activates, recorded in the history and sent to WatchPolicy (default: the OS user name)",
        DefaultValueFactory = _ => Environment.UserName,
    };

    public static Option<FileInfo?> SigningKey() => new("--signing-key")
    {
        Description = "PEM file of the ECDSA P-256 private key that signs the bundle and the activation, for servers with "
            + "Compliance:Security:PolicySigningKeys (default: $" + SigningKeyEnvironmentVariable + "; neither: unsigned)",
    };

    /// <summary>Restricts <paramref name="option"/> to <paramref name="values"/>, with an error that names the option.</summary>
    public static Option<string> OneOf(this Option<string> option, params string[] values)
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!values.Contains(value, StringComparer.Ordinal))
            {
                result.AddError($"{option.Name}: '{value}' is not one of: {string.Join(", ", values)}");
            }
        });
        return option;
    }

    /// <summary>The signer of <c>--signing-key</c>, else of the file <c>$COMPLIANCE_SIGNING_KEY</c> names; none when neither is given.</summary>
    public static PolicySigner? ReadSigner(FileInfo? option)
    {
        var path = option?.FullName ?? Environment.GetEnvironmentVariable(SigningKeyEnvironmentVariable);
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        try
        {
            return PolicySigner.FromPemFile(path);
        }
        catch (ArgumentException ex)
        {
            throw new CommandFailure(ExitCodes.Usage, $"--signing-key {path}: {ex.Message}");
        }
    }
}
