namespace ComplianceService.Testing;

/// <summary>Polls until something holds; the timeout is a failure deadline, never a measurement.</summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    /// <summary>Waits until <paramref name="condition"/> returns true; an exception it throws counts as false (and is
    /// reported if time runs out). Throws <see cref="TimeoutException"/> naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await condition().ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (Exception e)
            {
                last = e;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"Timed out after {timeout.TotalSeconds:0.#} s waiting until {what}." + (last is null ? "" : " Last failure: " + last.Message),
                    last);
            }

            await Task.Delay(Interval).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> returns true (see the asynchronous overload).</summary>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), what, timeout);
    }
}
