using System.Globalization;
using System.Text;

namespace Everynode.Agent.Pods;

/// <summary>Durations as Go's time.Duration.String() prints them (<c>10s</c>, <c>1m20s</c>, <c>5m0s</c>), for upstream's messages.</summary>
internal static class GoDuration
{
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var builder = new StringBuilder();
        if (duration < TimeSpan.Zero)
        {
            builder.Append('-');
            duration = duration.Negate();
        }

        if (duration < TimeSpan.FromSeconds(1))
        {
            return builder.Append(duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)).Append("ms").ToString();
        }

        var hours = (long)duration.TotalHours;
        if (hours > 0)
        {
            builder.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || duration.Minutes > 0)
        {
            builder.Append(duration.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        var seconds = duration.Seconds + (duration.Ticks % TimeSpan.TicksPerSecond / (double)TimeSpan.TicksPerSecond);
        return builder.Append(seconds.ToString("0.#########", CultureInfo.InvariantCulture)).Append('s').ToString();
    }
}
