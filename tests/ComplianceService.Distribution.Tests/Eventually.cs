namespace ComplianceService.Distribution.Tests;

/// <summary>Polls until something holds; the timeout is a failure deadline, not a measurement.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex)
            {
                last = ex;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0.#} s waiting until {what}." + (last is null ? "" : " Last failure: " + last.Message));
            }

            await Task.Delay(10);
        }
    }
}
