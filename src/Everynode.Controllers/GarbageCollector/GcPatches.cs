using System.Text.Json;
using System.Text.Json.Nodes;

namespace Everynode.Controllers.GarbageCollector;

/// <summary>The patch bodies the garbage collector sends.</summary>
internal static class GcPatches
{
    /// <summary>
    /// Strategic merge patch deleting ownerReferences by UID (their merge key). The dependent's own UID rides along as
    /// a precondition: a different object of the same name is not touched.
    /// </summary>
    public static string DeleteOwnerReferences(string dependentUid, IEnumerable<string> ownerUids)
    {
        var refs = new JsonArray([.. ownerUids.Select(uid => (JsonNode)new JsonObject { ["$patch"] = "delete", ["uid"] = uid })]);
        return new JsonObject { ["metadata"] = new JsonObject { ["ownerReferences"] = refs, ["uid"] = dependentUid } }.ToJsonString();
    }

    /// <summary>JSON merge patch setting the finalizers, guarded by the resourceVersion they were read at.</summary>
    public static string SetFinalizers(string resourceVersion, IEnumerable<string> finalizers) =>
        new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = resourceVersion,
                ["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode)JsonValue.Create(f))]),
            },
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
