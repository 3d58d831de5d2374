namespace Everynode.Api.Resources;

/// <summary>metav1.Time: whole seconds in UTC, as upstream serializes every timestamp (RFC 3339 without fractions).</summary>
public static class MetaTime
{
    public static DateTime From(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }
}
