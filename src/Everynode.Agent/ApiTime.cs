namespace Everynode.Agent;

/// <summary>Times as the API keeps them (metav1.Time): UTC, whole seconds.</summary>
internal static class ApiTime
{
    public static DateTime Seconds(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }

    public static DateTime Seconds(DateTime time) => Seconds(new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)));
}
