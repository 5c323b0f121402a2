using ComplianceService.Store;

using StackExchange.Redis;

namespace ComplianceService.Distribution.Tests;

/// <summary>What someone with Redis access can do without compliancectl (and without any of its checks).</summary>
internal static class ByHand
{
    /// <summary>Writes what the activation script writes, numbered after <paramref name="current"/> (with a copied
    /// <paramref name="signature"/>, if given), in one transaction so no server reads half of it; then publishes a hint.
    /// Nothing is hashed or verified on the way.</summary>
    public static async Task MovePointerAsync(IDatabase db, string prefix, string revision, ActivationRecord current, string? signature = null)
    {
        HashEntry[] fields =
        [
            new("revision", revision),
            new("activatedAt", "2025-01-01T00:00:00.0000000Z"),
            new("activatedBy", "by-hand"),
            new("previousRevision", current.Revision),
            new("sequence", current.Sequence + 1),
        ];
        var transaction = db.CreateTransaction();
        _ = transaction.KeyDeleteAsync(prefix + "active");
        _ = transaction.HashSetAsync(prefix + "active", signature is null ? fields : [.. fields, new("signature", signature)]);
        Assert.True(await transaction.ExecuteAsync());
        await db.Multiplexer.GetSubscriber().PublishAsync(RedisChannel.Literal(prefix + "activations"), "hint");
    }
}
