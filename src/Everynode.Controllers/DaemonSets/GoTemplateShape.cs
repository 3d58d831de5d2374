using System.Text.Json.Nodes;

namespace Everynode.Controllers.DaemonSets;

/// <summary>
/// Shapes a pod template's JSON the way Go's typed encoding (k8s.io/api, as in kubectl 1.32) writes it after
/// decoding: <c>metadata.creationTimestamp: null</c> and every container's <c>resources: {}</c> are present
/// (struct fields Go always writes); empty strings, empty lists and maps, and <c>false</c> / <c>0</c> in the plain
/// (non-pointer) omitempty fields are absent. kubectl compares a ControllerRevision's data with its own
/// encoding of the DaemonSet byte for byte (<c>rollout undo</c> says "skipped rollback" only on equality), so the
/// data the controller writes must have this shape.
/// </summary>
public static class GoTemplateShape
{
    // Plain bool / int fields with omitempty in PodSpec, Container and VolumeMount: Go drops their zero value.
    // Pointer fields (privileged, runAsNonRoot, optional, terminationGracePeriodSeconds, ...) keep it.
    private static readonly HashSet<string> PlainZeroOmitted = new(StringComparer.Ordinal)
    {
        "hostNetwork", "hostPID", "hostIPC", "stdin", "stdinOnce", "tty", "readOnly", "hostPort",
    };

    // Go maps: omitted when empty, their entries never touched.
    private static readonly HashSet<string> UserMaps = new(StringComparer.Ordinal)
    {
        "labels", "annotations", "nodeSelector", "limits", "requests", "matchLabels",
    };

    // Fields Go writes even when empty (no omitempty).
    private static readonly HashSet<string> AlwaysWritten = new(StringComparer.Ordinal)
    {
        "containers", "nodeSelectorTerms", "resources",
    };

    /// <summary>Reshapes <paramref name="template"/> (a pod template object) in place and returns it.</summary>
    public static JsonObject Apply(JsonObject template)
    {
        ArgumentNullException.ThrowIfNull(template);
        DropZeroValues(template);
        var metadata = template["metadata"] as JsonObject ?? [];
        template["metadata"] = metadata;
        if (!metadata.ContainsKey("creationTimestamp"))
        {
            metadata["creationTimestamp"] = null;
        }

        var spec = template["spec"] as JsonObject ?? [];
        template["spec"] = spec;
        if (!spec.ContainsKey("containers"))
        {
            spec["containers"] = null;
        }

        foreach (var list in new[] { "initContainers", "containers" })
        {
            foreach (var container in (spec[list] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (container["resources"] is null)
                {
                    container["resources"] = new JsonObject();
                }
            }
        }

        return template;
    }

    private static void DropZeroValues(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var (key, child) in map.ToList())
                {
                    // A map of user data keeps its entries as they are ("" is a valid label value).
                    if (!UserMaps.Contains(key))
                    {
                        DropZeroValues(child);
                    }

                    if (!AlwaysWritten.Contains(key) && IsOmitted(key, child))
                    {
                        map.Remove(key);
                    }
                }

                break;
            case JsonArray list:
                foreach (var item in list)
                {
                    DropZeroValues(item);
                }

                break;
        }
    }

    private static bool IsOmitted(string key, JsonNode? value) => value switch
    {
        JsonArray { Count: 0 } => true,
        JsonObject { Count: 0 } => UserMaps.Contains(key),
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0,
        JsonValue v when v.TryGetValue<bool>(out var b) => !b && PlainZeroOmitted.Contains(key),
        JsonValue v when v.TryGetValue<long>(out var n) => n == 0 && PlainZeroOmitted.Contains(key),
        _ => false,
    };
}
