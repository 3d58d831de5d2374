using System.Reflection;
using System.Text.RegularExpressions;
using k8s.Models;

namespace Everynode.Api.OpenApi;

/// <summary>
/// Upstream's OpenAPI definition names (<c>io.k8s.api.apps.v1.DaemonSet</c>) for KubernetesClient model types, whose
/// C# names keep only the version (<c>V1DaemonSet</c>) and, where two groups share a name, the group
/// (<c>Corev1Event</c>). The group of a type comes, in order, from: the known apimachinery meta/v1 types; the group
/// prefix of the C# name; the type's [KubernetesEntity] attribute; the longest kind of that version the name starts
/// with (<c>DaemonSetSpec</c> is apps); otherwise core. The kind-prefix rule consults only the groups whose helper
/// types the server's kinds use (<see cref="PrefixGroups"/>): elsewhere it misfires (core's ScaleIOVolumeSource is
/// not autoscaling's Scale, core's EvictionResponder is not policy's Eviction).
/// </summary>
public static partial class SchemaNames
{
    public const string IntOrString = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    public const string Quantity = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    public const string Time = "io.k8s.apimachinery.pkg.apis.meta.v1.Time";
    public const string MicroTime = "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime";
    public const string RawExtension = "io.k8s.apimachinery.pkg.runtime.RawExtension";
    public const string FieldsV1 = "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1";
    public const string Patch = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
    private const string Meta = "io.k8s.apimachinery.pkg.apis.meta.v1.";

    private static readonly HashSet<string> MetaTypes =
    [
        "APIGroup", "APIGroupList", "APIResource", "APIResourceList", "APIVersions", "Condition", "DeleteOptions",
        "FieldSelectorRequirement", "GroupVersionForDiscovery", "LabelSelector", "LabelSelectorRequirement", "ListMeta",
        "ManagedFieldsEntry", "ObjectMeta", "OwnerReference", "Preconditions", "ServerAddressByClientCIDR", "Status",
        "StatusCause", "StatusDetails", "WatchEvent",
    ];

    /// <summary>Model types named for a kind of another group than the longest-prefix rule would find.</summary>
    private static readonly Dictionary<string, string> GroupOverrides = new(StringComparer.Ordinal)
    {
        ["RollingUpdateDaemonSet"] = "apps",
        ["RollingUpdateDeployment"] = "apps",
        ["RollingUpdateStatefulSetStrategy"] = "apps",
    };

    private static readonly HashSet<string> PrefixGroups = ["", "apps", "coordination.k8s.io", "events.k8s.io"];

    private static readonly Lazy<Dictionary<string, List<(string Kind, string Group)>>> KindsByVersion = new(IndexKinds);

    public static string For(Type type)
    {
        if (type == typeof(IntOrString))
        {
            return IntOrString;
        }

        if (type == typeof(ResourceQuantity))
        {
            return Quantity;
        }

        if (type == typeof(VersionInfo))
        {
            return "io.k8s.apimachinery.pkg.version.Info";
        }

        var m = ModelName().Match(type.Name);
        if (!m.Success)
        {
            return type.FullName ?? type.Name;
        }

        var (prefix, version, name) = (m.Groups["g"].Value, "v" + m.Groups["v"].Value, m.Groups["n"].Value);
        if (prefix.Length == 0 && version == "v1" && MetaTypes.Contains(name))
        {
            return Meta + name;
        }

        var group = prefix.Length > 0 ? prefix.ToLowerInvariant()
            : type.GetCustomAttribute<KubernetesEntityAttribute>()?.Group is { } entityGroup ? entityGroup
            : GroupOverrides.TryGetValue(name, out var overridden) ? overridden
            : KindPrefixGroup(version, name);
        return $"io.k8s.api.{Package(group)}.{version}.{name}";
    }

    /// <summary>The Go package of a group: core for "", else its first DNS label (apps, coordination, events, policy).</summary>
    private static string Package(string group) => group.Length == 0 ? "core" : group.Split('.')[0];

    private static string KindPrefixGroup(string version, string name)
    {
        if (!KindsByVersion.Value.TryGetValue(version, out var kinds))
        {
            return "";
        }

        // Longest kind first; among equals, core first (V1EventSource is core although events.k8s.io has an Event).
        var best = kinds.Where(k => name.StartsWith(k.Kind, StringComparison.Ordinal))
            .OrderByDescending(k => k.Kind.Length).ThenBy(k => k.Group.Length).FirstOrDefault();
        return best.Group ?? "";
    }

    private static Dictionary<string, List<(string Kind, string Group)>> IndexKinds()
    {
        var index = new Dictionary<string, List<(string Kind, string Group)>>(StringComparer.Ordinal);
        foreach (var t in typeof(V1Pod).Assembly.GetTypes())
        {
            if (t.Namespace == "k8s.Models" && t.GetCustomAttribute<KubernetesEntityAttribute>() is { Kind.Length: > 0 } e
                && PrefixGroups.Contains(e.Group ?? ""))
            {
                if (!index.TryGetValue(e.ApiVersion, out var list))
                {
                    index[e.ApiVersion] = list = [];
                }

                list.Add((e.Kind, e.Group ?? ""));
            }
        }

        return index;
    }

    [GeneratedRegex("^(?<g>[A-Z][a-z]+)?[Vv](?<v>[0-9]+(?:alpha[0-9]+|beta[0-9]+)?)(?<n>[A-Z].*)$")]
    private static partial Regex ModelName();
}
