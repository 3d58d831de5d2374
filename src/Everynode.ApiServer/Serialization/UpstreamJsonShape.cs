using System.Text.Json.Serialization.Metadata;
using Everynode.Api.OpenApi;
using k8s.Models;

namespace Everynode.ApiServer.Serialization;

/// <summary>
/// Where upstream's Go encoding and the C# models' "leave out what is null" differ in what a client sees, the
/// server writes what a Kubernetes API server writes:
/// <list type="bullet">
/// <item><c>metadata.creationTimestamp</c> is a struct with <c>omitempty</c>, which Go never leaves out, so an object
/// without one (a pod template) says <c>creationTimestamp: null</c>; its lists and maps are <c>omitempty</c>, so
/// an empty one (owner references after the garbage collector orphaned the object) is left out.</item>
/// <item>DaemonSet status counters tagged <c>omitempty</c> are left out at zero (the others are always written).</item>
/// <item><c>managedFields[].fieldsV1</c> is kept as raw JSON (<see cref="FieldsV1Converter"/>): the same bytes out,
/// without a parsed document per entry on every decode.</item>
/// <item>MicroTime fields (Lease renewTime and acquireTime, event times) always carry six fractional digits:
/// kubectl parses them with that exact layout (<c>describe node</c> fails its Lease section otherwise).</item>
/// </list>
/// </summary>
internal static class UpstreamJsonShape
{
    private static readonly HashSet<string> ObjectMetaOmitEmpty =
        new(StringComparer.Ordinal) { "ownerReferences", "finalizers", "labels", "annotations", "managedFields" };

    private static readonly HashSet<string> DaemonSetStatusOmitEmpty =
        new(StringComparer.Ordinal) { "numberAvailable", "numberUnavailable", "updatedNumberScheduled", "observedGeneration" };

    public static void Apply(JsonTypeInfo info)
    {
        foreach (var property in info.Properties.Where(p => SchemaExtensions.IsMicroTime(info.Type, p.Name)))
        {
            property.CustomConverter = MicroTimeConverter.Instance;
        }

        if (info.Type == typeof(V1ObjectMeta))
        {
            foreach (var property in info.Properties)
            {
                if (property.Name == "creationTimestamp")
                {
                    property.ShouldSerialize = static (_, _) => true;
                }
                else if (ObjectMetaOmitEmpty.Contains(property.Name))
                {
                    property.ShouldSerialize = static (_, value) => value is System.Collections.ICollection { Count: > 0 };
                }
            }
        }
        else if (info.Type == typeof(V1ManagedFieldsEntry))
        {
            foreach (var property in info.Properties.Where(p => p.Name == "fieldsV1"))
            {
                property.CustomConverter = FieldsV1Converter.Instance;
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
