using System.Globalization;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Agent.Pods;

/// <summary>
/// A container's environment as upstream's kubelet resolves it: entries in order, <c>value</c> with <c>$(VAR)</c>
/// expanded from the entries before it, <c>fieldRef</c> from the pod (metadata.name, metadata.namespace,
/// metadata.uid, metadata.labels['k'], metadata.annotations['k'], spec.nodeName, spec.serviceAccountName,
/// status.hostIP(s), status.podIP(s)), <c>resourceFieldRef</c> from the container's requests and limits (limits
/// default to the node's allocatable). Sources the agent cannot read (ConfigMaps, Secrets) fail with a
/// <see cref="ContainerConfigException"/>, which the pod shows as <c>CreateContainerConfigError</c>.
/// </summary>
internal static class ContainerEnvironment
{
    public static List<KeyValuePair<string, string>> Resolve(
        V1Pod pod, V1Container container, string hostIP, IDictionary<string, ResourceQuantity>? nodeAllocatable)
    {
        var result = new List<KeyValuePair<string, string>>();
        var defined = new Dictionary<string, string>(StringComparer.Ordinal);
        if (container.EnvFrom is { Count: > 0 } envFrom)
        {
            var source = envFrom[0].ConfigMapRef is { } cm ? $"configmap \"{cm.Name}\"" : $"secret \"{envFrom[0].SecretRef?.Name}\"";
            throw new ContainerConfigException($"{source} not found: everynode agents do not read ConfigMaps or Secrets");
        }

        foreach (var env in container.Env ?? [])
        {
            string value;
            if (env.ValueFrom is { } from)
            {
                value = from switch
                {
                    { FieldRef: { } field } => FieldValue(pod, field.FieldPath, hostIP),
                    { ResourceFieldRef: { } resource } => ResourceValue(container, resource, nodeAllocatable),
                    { ConfigMapKeyRef: { } key } when key.Optional == true => "",
                    { SecretKeyRef: { } key } when key.Optional == true => "",
                    { ConfigMapKeyRef: { } key } => throw new ContainerConfigException($"configmap \"{key.Name}\" not found: everynode agents do not read ConfigMaps"),
                    { SecretKeyRef: { } key } => throw new ContainerConfigException($"secret \"{key.Name}\" not found: everynode agents do not read Secrets"),
                    _ => "",
                };
                if (from.ConfigMapKeyRef is not null || from.SecretKeyRef is not null)
                {
                    continue; // optional and absent: upstream leaves the variable out.
                }
            }
            else
            {
                value = CommandLine.Expand(env.Value ?? "", defined);
            }

            defined[env.Name] = value;
            result.Add(new KeyValuePair<string, string>(env.Name, value));
        }

        return result;
    }

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
