using ComplianceService.Store;

using StackExchange.Redis;

namespace ComplianceService.Distribution.Tests;

/// <summary>What someone with Redis access can do without compliancectl (and without any of its checks).</summary>
internal static class ByHand
{
    /// <summary>Writes what the activation script writes, numbered after <paramref name="current"/>; then publishes a hint.
    /// Nothing is hashed or verified on the way.</summary>
    public static async Task MovePointerAsync(IDatabase db, string prefix, string revision, ActivationRecord current)
    {
        await db.KeyDeleteAsync(prefix + "active");
        await db.HashSetAsync(
            prefix + "active",
            [
                new HashEntry("revision", revision),
                new HashEntry("activatedAt", "2025-01-01T00:00:00.0000000Z"),
                new HashEntry("activatedBy", "by-hand"),
                new HashEntry("previousRevision", current.Revision),
                new HashEntry("sequence", current.Sequence + 1),
            ]);
        await db.Multiplexer.GetSubscriber().PublishAsync(RedisChannel.Literal(prefix + "activations"), "hint");
    }
}
