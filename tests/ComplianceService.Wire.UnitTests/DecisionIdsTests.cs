namespace ComplianceService.Wire.UnitTests;

public sealed class DecisionIdsTests
{
    [Fact]
    public void IdsAreUniqueVersion7UuidsCarryingTheCurrentTime()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var ids = new HashSet<Guid>();
        for (var i = 0; i < 100_000; i++)
        {
            Assert.True(ids.Add(DecisionIds.Next()));
        }

        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var id in ids.Take(100))
        {
            var text = id.ToString();
            Assert.Equal('7', text[14]); // version nibble
            Assert.Contains(text[19], "89ab"); // RFC 9562 variant
            var milliseconds = Convert.ToInt64(text[..8] + text[9..13], 16);
            Assert.InRange(milliseconds, before, after);
        }
    }

    [Fact]
    public void IdsFromManyThreadsNeverCollide()
    {
        var batches = new Guid[4][];
        Parallel.For(0, batches.Length, b =>
        {
            batches[b] = new Guid[25_000];
            for (var i = 0; i < batches[b].Length; i++)
            {
                batches[b][i] = DecisionIds.Next();
            }
        });

        Assert.Equal(100_000, batches.SelectMany(b => b).Distinct().Count());
    }
}
