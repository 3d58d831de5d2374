namespace Everynode.ApiServer.Tests.Infrastructure;

/// <summary>Waits on a condition with a timeout instead of sleeping for a fixed time.</summary>
internal static class Eventually
{
    public static async Task<T> WithTimeout<T>(Task<T> task, TimeSpan? timeout = null)
    {
        return await task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));
    }
}
