using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Everynode.Controllers.Shared;
using k8s;
using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>The data a DaemonSet's ControllerRevision stores, and whether a revision matches a DaemonSet.</summary>
public static class ControllerRevisionPatch
{
    /// <summary>
    /// Upstream's getPatch: <c>{"spec":{"template":{…,"$patch":"replace"}}}</c> in <see cref="CanonicalJson"/>
    /// form, the template shaped as Go writes it (<see cref="GoTemplateShape"/>), so kubectl's byte comparison
    /// holds. Applied as a strategic merge patch (kubectl rollout undo) it replaces the whole template.
    /// </summary>
    public static string GetPatch(V1DaemonSet ds)
    {
        ArgumentNullException.ThrowIfNull(ds);
        var template = GoTemplateShape.Apply(JsonNode.Parse(KubernetesJson.Serialize(ds.Spec?.Template ?? new V1PodTemplateSpec()))!.AsObject());
        template["$patch"] = "replace";
        return CanonicalJson.Write(new JsonObject { ["spec"] = new JsonObject { ["template"] = template } });
    }

    /// <summary>
    /// Upstream's Match: the revision's data equals the DaemonSet's patch. Compared in canonical, Go-shaped form,
    /// so data that a store re-encoded (key order, escaping, whitespace), or that an earlier Everynode wrote
    /// without the Go shape, still matches — an upgrade never restarts pods.
    /// </summary>
    public static bool Match(V1DaemonSet ds, V1ControllerRevision revision)
    {
        ArgumentNullException.ThrowIfNull(revision);
        return DataText(revision.Data) is { } data && data == GetPatch(ds);
    }

    /// <summary>The payload as a value for <see cref="V1ControllerRevision.Data"/> (a JSON object, not a string).</summary>
    public static JsonElement AsData(string patch)
    {
        using var document = JsonDocument.Parse(patch);
        return document.RootElement.Clone();
    }

    private static string? DataText(object? data)
    {
        var text = data switch
        {
            null => null,
            JsonElement element => element.GetRawText(),
            JsonNode node => node.ToJsonString(),
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            string s => s,
            _ => KubernetesJson.Serialize(data),
        };
        try
        {
            return text is null ? null : CanonicalJson.Write(Reshape(JsonNode.Parse(text)));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // The template inside stored data, shaped as GetPatch shapes it.
    private static JsonNode? Reshape(JsonNode? data)
    {
        if (data?["spec"]?["template"] is JsonObject template)
        {
            GoTemplateShape.Apply(template);
        }

        return data;
    }
}
