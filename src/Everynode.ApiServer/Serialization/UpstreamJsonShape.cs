using System.Text.Json.Serialization.Metadata;
using k8s.Models;

namespace Everynode.ApiServer.Serialization;

/// <summary>
/// Where upstream's Go encoding and the C# models' "leave out what is null" differ in what a client sees, the
/// server writes what a Kubernetes API server writes:
/// <list type="bullet">
/// <item><c>metadata.creationTimestamp</c> is a struct with <c>omitempty</c>, which Go never leaves out, so an object
/// without one (a pod template) says <c>creationTimestamp: null</c>.</item>
/// <item>DaemonSet status counters tagged <c>omitempty</c> are left out at zero (the others are always written).</item>
/// </list>
/// </summary>
internal static class UpstreamJsonShape
{
    private static readonly HashSet<string> DaemonSetStatusOmitEmpty =
        new(StringComparer.Ordinal) { "numberAvailable", "numberUnavailable", "updatedNumberScheduled", "observedGeneration" };

    public static void Apply(JsonTypeInfo info)
    {
        if (info.Type == typeof(V1ObjectMeta))
        {
            foreach (var property in info.Properties.Where(p => p.Name == "creationTimestamp"))
            {
                property.ShouldSerialize = static (_, _) => true;
            }
        }
        else if (info.Type == typeof(V1DaemonSetStatus))
        {
            foreach (var property in info.Properties.Where(p => DaemonSetStatusOmitEmpty.Contains(p.Name)))
            {
                property.ShouldSerialize = static (_, value) => value is not null && Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) != 0;
            }
        }
    }
}
