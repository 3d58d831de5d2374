namespace Everynode.Testing;

/// <summary>
/// Waits for a condition by polling it, with a timeout instead of a fixed sleep. A wait that times out throws a
/// <see cref="TimeoutException"/> naming what it waited for, so that a caller can add what it saw last.
/// </summary>
internal static class Eventually
{
    /// <summary>
    /// How long a wait lasts unless the caller says otherwise: long enough for a loaded machine that runs several test
    /// projects at once, since only a failing test ever waits this long.
    /// </summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Polls an in-memory <paramref name="condition"/> every 10 ms until it holds.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            ThrowIfPast(deadline, what);
            await Task.Delay(10);
        }
    }

    /// <summary>Polls <paramref name="condition"/> (typically an API call) every 20 ms until it holds.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!await condition())
        {
            ThrowIfPast(deadline, what);
            await Task.Delay(20);
        }
    }

    /// <summary>Polls <paramref name="check"/> every 20 ms until it returns a value, and returns that value.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> check, string what, TimeSpan? timeout = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            if (await check() is { } value)
            {
                return value;
            }

            ThrowIfPast(deadline, what);
            await Task.Delay(20);
        }
    }

    private static void ThrowIfPast(DateTime deadline, string what)
    {
        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException($"timed out waiting for {what}");
        }
    }
}
