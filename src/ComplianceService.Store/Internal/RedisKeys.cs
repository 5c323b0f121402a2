using StackExchange.Redis;

namespace ComplianceService.Store.Internal;

/// <summary>The key and channel names under one prefix (documented on <see cref="IPolicyStore"/>).</summary>
internal sealed class RedisKeys
{
    public RedisKeys(string prefix)
    {
        Prefix = prefix;
        BundlePrefix = prefix + "bundle:";
        Active = prefix + "active";
        History = prefix + "history";
        Instances = prefix + "instances";
        Activations = new RedisChannel(prefix + "activations", RedisChannel.PatternMode.Literal);
    }

    public string Prefix { get; }

    public string BundlePrefix { get; }

    public RedisKey Active { get; }

    public RedisKey History { get; }

    public RedisKey Instances { get; }

    public RedisChannel Activations { get; }

    public RedisKey Bundle(string revision) => BundlePrefix + revision;
}
