using System.Globalization;

namespace Everynode.Api.Tables;

/// <summary>
/// Upstream's <c>duration.HumanDuration</c> (k8s.io/apimachinery/pkg/util/duration): about two significant
/// figures, e.g. <c>45s</c>, <c>3m10s</c>, <c>70m</c>, <c>3h5m</c>, <c>47h</c>, <c>2d3h</c>, <c>45d</c>,
/// <c>2y10d</c>, <c>9y</c>.
/// </summary>
public static class HumanDuration
{
    public static string Format(TimeSpan d)
    {
        // Up to two seconds in the future counts as "now" (clock skew between machines).
        var seconds = d.Ticks / TimeSpan.TicksPerSecond;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 60 * 2)
        {
            return Invariant($"{seconds}s");
        }

        var minutes = d.Ticks / TimeSpan.TicksPerMinute;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? Invariant($"{minutes}m") : Invariant($"{minutes}m{s}s");
        }

        if (minutes < 60 * 3)
        {
            return Invariant($"{minutes}m");
        }

        var hours = d.Ticks / TimeSpan.TicksPerHour;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? Invariant($"{hours}h") : Invariant($"{hours}h{m}m");
        }

        if (hours < 48)
        {
            return Invariant($"{hours}h");
        }

        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? Invariant($"{hours / 24}d") : Invariant($"{hours / 24}d{h}h");
        }

        if (hours < 24 * 365 * 2)
        {
            return Invariant($"{hours / 24}d");
        }

        if (hours < 24 * 365 * 8)
        {
            var dy = hours / 24 % 365;
            return dy == 0 ? Invariant($"{hours / 24 / 365}y") : Invariant($"{hours / 24 / 365}y{dy}d");
        }

        return Invariant($"{hours / 24 / 365}y");
    }

    /// <summary>
    /// Upstream's <c>translateTimestampSince</c>: the age of a timestamp at <paramref name="now"/>, or
    /// <c>&lt;unknown&gt;</c> when the timestamp is not set.
    /// </summary>
    public static string Since(DateTime? timestamp, DateTime now)
    {
        if (timestamp is not { } t || t == default)
        {
            return "<unknown>";
        }

        return Format(Utc(now) - Utc(t));
    }

    private static DateTime Utc(DateTime t) => t.Kind switch
    {
        DateTimeKind.Utc => t,
        DateTimeKind.Local => t.ToUniversalTime(),
        _ => DateTime.SpecifyKind(t, DateTimeKind.Utc),
    };

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
