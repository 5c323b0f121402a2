namespace ComplianceService.Store.Tests;

/// <summary>Waits for something that happens asynchronously; the timeout is a failure deadline, not a measurement.</summary>
internal static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Timed out waiting until " + what + ".");
            }

            await Task.Delay(20);
        }
    }
}
