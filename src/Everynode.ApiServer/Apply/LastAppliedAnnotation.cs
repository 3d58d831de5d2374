using System.Text.Json.Nodes;

namespace Everynode.ApiServer.Apply;

/// <summary>
/// Keeps kubectl's client-side apply annotation true when kubectl applies server-side (upstream's lastAppliedUpdater):
/// an object that carries <c>kubectl.kubernetes.io/last-applied-configuration</c> and is applied by the manager
/// <c>kubectl</c> gets the applied configuration as its new value, so a later client-side apply diffs correctly.
/// </summary>
internal static class LastAppliedAnnotation
{
    public const string Name = "kubectl.kubernetes.io/last-applied-configuration";

    public static void Sync(JsonObject merged, JsonObject config, string manager)
    {
        if (manager != "kubectl" || merged["metadata"]?["annotations"] is not JsonObject annotations || !annotations.ContainsKey(Name))
        {
            return;
        }

        var applied = (JsonObject)config.DeepClone();
        if (applied["metadata"]?["annotations"] is JsonObject own)
        {
            own.Remove(Name);
            if (own.Count == 0)
            {
                ((JsonObject)applied["metadata"]!).Remove("annotations");
            }
        }

        annotations[Name] = applied.ToJsonString() + "\n";
    }
}
