using k8s;
using k8s.Models;

namespace Everynode.Agent.Config;

/// <summary>
/// Reads the ConfigMaps and Secrets a pod refers to with GETs from the API (upstream's kubelet "Get" strategy), each
/// object once per pass.
/// </summary>
internal static class PodConfigReader
{
    public static async Task<PodConfig> ReadAsync(IKubernetes client, V1Pod pod, CancellationToken ct)
    {
        var ns = pod.Metadata.NamespaceProperty ?? "default";
        var config = new PodConfig(ns);
        foreach (var (kind, name) in PodConfig.References(pod))
        {
            try
            {
                config.Add(kind, name, kind == ConfigObjectKind.ConfigMap
                    ? PodConfig.DataOf(await client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: ct))
                    : (await client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: ct)).Data?.AsReadOnly()
                        ?? new Dictionary<string, byte[]>().AsReadOnly());
            }
            catch (Exception e) when (ApiCalls.IsNotFound(e))
            {
                config.Add(kind, name, null);
            }
        }

        return config;
    }
}
