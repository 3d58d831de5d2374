using System.Globalization;
using System.Text;
using Everynode.Agent.Config;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Agent.Pods;

/// <summary>
/// A container's environment as upstream's kubelet resolves it: entries in order, <c>value</c> with <c>$(VAR)</c>
/// expanded from the entries before it, <c>fieldRef</c> from the pod (metadata.name, metadata.namespace,
/// metadata.uid, metadata.labels['k'], metadata.annotations['k'], spec.nodeName, spec.serviceAccountName,
/// status.hostIP(s), status.podIP(s)), <c>resourceFieldRef</c> from the container's requests and limits (limits
/// default to the node's allocatable), <c>configMapKeyRef</c>/<c>secretKeyRef</c> and <c>envFrom</c> (first, each key
/// with its prefix) from the pod's <see cref="PodConfig"/>. A missing object or key that is not optional fails with a
/// <see cref="ContainerConfigException"/> carrying upstream's message, which the pod shows as
/// <c>CreateContainerConfigError</c>.
/// </summary>
internal static class ContainerEnvironment
{
    public static List<KeyValuePair<string, string>> Resolve(
        V1Pod pod, V1Container container, string hostIP, IDictionary<string, ResourceQuantity>? nodeAllocatable, PodConfig config)
    {
        var result = new List<KeyValuePair<string, string>>();
        var defined = new Dictionary<string, string>(StringComparer.Ordinal);
        void Define(string name, string value)
        {
            // A later definition replaces an earlier one in place, as the kubelet's environment map does.
            var at = result.FindIndex(p => p.Key == name);
            if (at >= 0)
            {
                result[at] = new KeyValuePair<string, string>(name, value);
            }
            else
            {
                result.Add(new KeyValuePair<string, string>(name, value));
            }

            defined[name] = value;
        }

        foreach (var from in container.EnvFrom ?? [])
        {
            var (kind, name, optional) = from.ConfigMapRef is { } cm
                ? (ConfigObjectKind.ConfigMap, cm.Name, cm.Optional == true)
                : (ConfigObjectKind.Secret, from.SecretRef?.Name ?? "", from.SecretRef?.Optional == true);
            if (config.Get(kind, name) is not { } data)
            {
                if (optional)
                {
                    continue;
                }

                throw new ContainerConfigException(PodConfig.NotFound(kind, name));
            }

            foreach (var (key, value) in data.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var variable = (from.Prefix ?? "") + key;
                if (IsEnvironmentVariableName(variable))
                {
                    Define(variable, Encoding.UTF8.GetString(value));
                }
            }
        }

        foreach (var env in container.Env ?? [])
        {
            string? value = env.ValueFrom switch
            {
                null => CommandLine.Expand(env.Value ?? "", defined),
                { FieldRef: { } field } => FieldValue(pod, field.FieldPath, hostIP),
                { ResourceFieldRef: { } resource } => ResourceValue(container, resource, nodeAllocatable),
                { ConfigMapKeyRef: { } key } => KeyValue(config, ConfigObjectKind.ConfigMap, key.Name, key.Key, key.Optional == true),
                { SecretKeyRef: { } key } => KeyValue(config, ConfigObjectKind.Secret, key.Name, key.Key, key.Optional == true),
                _ => "",
            };
            if (value is not null)
            {
                // null: an optional reference that is absent, which upstream leaves out.
                Define(env.Name, value);
            }
        }

        return result;
    }

    /// <summary>One key of a ConfigMap or Secret; null when it or its object is absent and the reference optional.</summary>
    private static string? KeyValue(PodConfig config, ConfigObjectKind kind, string name, string key, bool optional)
    {
        if (config.Get(kind, name) is not { } data)
        {
            return optional ? null : throw new ContainerConfigException(PodConfig.NotFound(kind, name));
        }

        if (!data.TryGetValue(key, out var value))
        {
            return optional ? null : throw new ContainerConfigException(config.MissingKey(kind, name, key));
        }

        return Encoding.UTF8.GetString(value);
    }

    /// <summary>
    /// Upstream's relaxed environment variable names (the default since 1.32): printable ASCII without '='. Keys of an
    /// envFrom source that are not are left out.
    /// </summary>
    private static bool IsEnvironmentVariableName(string name) =>
        name.Length > 0 && name.All(c => c is >= ' ' and <= '~' && c != '=');

    /// <summary>The value of a downward-API field path.</summary>
    public static string FieldValue(V1Pod pod, string path, string hostIP)
    {
        var meta = pod.Metadata;
        if (TrySubscript(path, "metadata.labels", out var labelKey))
        {
            return meta.Labels?.TryGetValue(labelKey, out var label) == true ? label : "";
        }

        if (TrySubscript(path, "metadata.annotations", out var annotationKey))
        {
            return meta.Annotations?.TryGetValue(annotationKey, out var annotation) == true ? annotation : "";
        }

        return path switch
        {
            "metadata.name" => meta.Name ?? "",
            "metadata.namespace" => meta.NamespaceProperty ?? "",
            "metadata.uid" => meta.Uid ?? "",
            "spec.nodeName" => pod.Spec?.NodeName ?? "",
            "spec.serviceAccountName" => pod.Spec?.ServiceAccountName ?? "",
            "status.hostIP" or "status.hostIPs" or "status.podIP" or "status.podIPs" => hostIP,
            _ => throw new ContainerConfigException($"unsupported fieldPath: {path}"),
        };
    }

    private static bool TrySubscript(string path, string prefix, out string key)
    {
        key = "";
        if (!path.StartsWith(prefix + "['", StringComparison.Ordinal) || !path.EndsWith("']", StringComparison.Ordinal))
        {
            return false;
        }

        key = path[(prefix.Length + 2)..^2];
        return true;
    }

    private static string ResourceValue(V1Container container, V1ResourceFieldSelector selector, IDictionary<string, ResourceQuantity>? allocatable)
    {
        var resource = selector.Resource ?? "";
        var parts = resource.Split('.', 2);
        if (parts.Length != 2 || parts[0] is not ("limits" or "requests"))
        {
            throw new ContainerConfigException($"unsupported container resource: {resource}");
        }

        var name = parts[1];
        var source = parts[0] == "limits" ? container.Resources?.Limits : container.Resources?.Requests;
        ResourceQuantity? quantity = null;
        if (source?.TryGetValue(name, out var q) == true)
        {
            quantity = q;
        }
        else if (parts[0] == "limits" && allocatable?.TryGetValue(name, out var a) == true)
        {
            quantity = a;
        }
        else if (parts[0] == "requests" && container.Resources?.Limits?.TryGetValue(name, out var l) == true)
        {
            quantity = l; // A request defaults to its limit.
        }

        var amount = Quantities.Value(quantity);
        var divisor = selector.Divisor is null ? (name == "cpu" ? 1m : 1m) : Quantities.Value(selector.Divisor);
        if (divisor <= 0)
        {
            divisor = 1m;
        }

        // Upstream rounds up, and reports at least 1 for cpu (a container always gets some cpu).
        var value = Math.Ceiling(amount / divisor);
        if (name == "cpu" && value < 1)
        {
            value = 1;
        }

        return value.ToString(CultureInfo.InvariantCulture);
    }
}
