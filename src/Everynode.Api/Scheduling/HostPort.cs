using k8s.Models;

namespace Everynode.Api.Scheduling;

/// <summary>
/// One host port a pod binds: an address (empty means every address, normalized to 0.0.0.0), a protocol
/// (empty means TCP) and a port.
/// </summary>
public readonly record struct HostPort(string HostIp, string Protocol, int Port)
{
    public const string AnyAddress = "0.0.0.0";

    public static HostPort Normalize(string? hostIp, string? protocol, int port) =>
        new(string.IsNullOrEmpty(hostIp) ? AnyAddress : hostIp, string.IsNullOrEmpty(protocol) ? "TCP" : protocol, port);

    /// <summary>
    /// The host ports a pod asks for: container ports with a hostPort, in regular containers and in restartable
    /// init containers (sidecars keep running, so they keep their ports).
    /// </summary>
    public static IReadOnlyList<HostPort> Of(V1Pod pod)
    {
        var result = new List<HostPort>();
        var containers = (pod.Spec?.Containers ?? []).Concat(
            (pod.Spec?.InitContainers ?? []).Where(c => c.RestartPolicy == "Always"));
        foreach (var container in containers)
        {
            foreach (var port in container.Ports ?? [])
            {
                if (port.HostPort is > 0 and var hostPort)
                {
                    result.Add(Normalize(port.HostIP, port.Protocol, hostPort));
                }
            }
        }

        return result;
    }
}
