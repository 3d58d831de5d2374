namespace Everynode.Api.Resources;

/// <summary>metav1.Time: whole seconds in UTC, as upstream serializes every timestamp (RFC 3339 without fractions).</summary>
public static class MetaTime
{
    public static DateTime From(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }

    /// <summary>A time the caller knows to be UTC (its kind is not trusted).</summary>
    public static DateTime From(DateTime utc) => From(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));
}
