using StackExchange.Redis;

namespace ComplianceService.Store.Internal;

/// <summary>The key and channel names under one prefix (documented on <see cref="IPolicyStore"/> and in the README).</summary>
internal sealed class RedisKeys
{
    /// <summary>The hash field under which <see cref="Microsoft.Extensions.Caching.StackExchangeRedis.RedisCache"/> keeps an entry's bytes.</summary>
    public const string BundleDataField = "data";

    public RedisKeys(string prefix)
    {
        Prefix = prefix;
        BundlePrefix = prefix + "bundles:";
        SignaturePrefix = prefix + "signatures:";
        Active = prefix + "active";
        History = prefix + "history";
        Instances = prefix + "instances";
        Activations = RedisChannel.Literal(prefix + "activations");
    }

    public string Prefix { get; }

    /// <summary>
    /// The bundles' <c>RedisCacheOptions.InstanceName</c>: a bundle is the distributed-cache entry named by its revision, so its
    /// key is this prefix and the revision. (Not <c>bundle:</c>, where earlier versions kept plain strings: a hash under the
    /// old name would fail with WRONGTYPE instead of reading as absent.)
    /// </summary>
    public string BundlePrefix { get; }

    /// <summary>Prefix of the bundle signatures: a string key per revision, beside the bundle's entry.</summary>
    public string SignaturePrefix { get; }

    public RedisKey Active { get; }

    public RedisKey History { get; }

    public RedisKey Instances { get; }

    public RedisChannel Activations { get; }

    public RedisKey Bundle(string revision) => BundlePrefix + revision;

    public RedisKey Signature(string revision) => SignaturePrefix + revision;
}
