using System.Text;
using k8s.Models;

namespace Everynode.Agent.Config;

/// <summary>
/// The ConfigMaps and Secrets one pod refers to (env, envFrom, configMap and secret volumes), read from the API
/// before its containers start. A missing object is recorded as absent; what that means (an error, or nothing for an
/// optional reference) is the reader's decision, with upstream's messages.
/// </summary>
internal sealed class PodConfig
{
    private readonly Dictionary<(ConfigObjectKind Kind, string Name), IReadOnlyDictionary<string, byte[]>?> _objects = [];

    public PodConfig(string podNamespace) => Namespace = podNamespace;

    public string Namespace { get; }

    /// <summary>No references at all: a pod without ConfigMaps or Secrets.</summary>
    public static PodConfig None(string podNamespace) => new(podNamespace);

    public void Add(ConfigObjectKind kind, string name, IReadOnlyDictionary<string, byte[]>? data) => _objects[(kind, name)] = data;

    /// <summary>The object's keys and values, or null when it does not exist.</summary>
    public IReadOnlyDictionary<string, byte[]>? Get(ConfigObjectKind kind, string name) =>
        _objects.TryGetValue((kind, name), out var data) ? data : null;

    /// <summary>Every (kind, name) the pod refers to, each once, in the order they appear.</summary>
    public static IReadOnlyList<(ConfigObjectKind Kind, string Name)> References(V1Pod pod)
    {
        var seen = new List<(ConfigObjectKind, string)>();
        void Add(ConfigObjectKind kind, string? name)
        {
            if (!string.IsNullOrEmpty(name) && !seen.Contains((kind, name)))
            {
                seen.Add((kind, name));
            }
        }

        foreach (var c in (pod.Spec?.InitContainers ?? []).Concat(pod.Spec?.Containers ?? []))
        {
            foreach (var from in c.EnvFrom ?? [])
            {
                Add(ConfigObjectKind.ConfigMap, from.ConfigMapRef?.Name);
                Add(ConfigObjectKind.Secret, from.SecretRef?.Name);
            }

            foreach (var env in c.Env ?? [])
            {
                Add(ConfigObjectKind.ConfigMap, env.ValueFrom?.ConfigMapKeyRef?.Name);
                Add(ConfigObjectKind.Secret, env.ValueFrom?.SecretKeyRef?.Name);
            }
        }

        foreach (var v in pod.Spec?.Volumes ?? [])
        {
            Add(ConfigObjectKind.ConfigMap, v.ConfigMap?.Name);
            Add(ConfigObjectKind.Secret, v.Secret?.SecretName);
            foreach (var source in v.Projected?.Sources ?? [])
            {
                Add(ConfigObjectKind.ConfigMap, source.ConfigMap?.Name);
                Add(ConfigObjectKind.Secret, source.Secret?.Name);
            }
        }

        return seen;
    }

    /// <summary>A ConfigMap's data and binaryData as one map of bytes (UTF-8 for data), as its volume files hold them.</summary>
    public static IReadOnlyDictionary<string, byte[]> DataOf(V1ConfigMap configMap)
    {
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in configMap.Data ?? new Dictionary<string, string>())
        {
            data[key] = Encoding.UTF8.GetBytes(value ?? "");
        }

        foreach (var (key, value) in configMap.BinaryData ?? new Dictionary<string, byte[]>())
        {
            data[key] = value ?? [];
        }

        return data;
    }

    /// <summary>upstream's lower-case names in messages: <c>configmap "x" not found</c>, <c>secret "x" not found</c>.</summary>
    public static string NotFound(ConfigObjectKind kind, string name) =>
        $"{(kind == ConfigObjectKind.ConfigMap ? "configmap" : "secret")} \"{name}\" not found";

    /// <summary>upstream's missing-key message: <c>couldn't find key k in ConfigMap ns/name</c>.</summary>
    public string MissingKey(ConfigObjectKind kind, string name, string key) =>
        $"couldn't find key {key} in {kind} {Namespace}/{name}";
}
