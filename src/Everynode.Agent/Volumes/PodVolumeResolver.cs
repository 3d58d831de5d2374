using Everynode.Agent.Runtime;
using k8s.Models;

namespace Everynode.Agent.Volumes;

/// <summary>
/// Turns a pod's volumes into host folders and each container's volumeMounts into bind mounts:
/// <c>hostPath</c> with upstream's type checks and messages, <c>emptyDir</c> as a per-pod folder under the agent's
/// data directory (removed with the pod). A failure names the volume; the pod shows it as a FailedMount event
/// and its containers stay in ContainerCreating.
/// </summary>
internal static class PodVolumeResolver
{
    /// <summary>The host folder (or file) of every volume of the pod, by volume name.</summary>
    public static Dictionary<string, string> SetUp(V1Pod pod, string podDirectory)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var volume in pod.Spec?.Volumes ?? [])
        {
            try
            {
                paths[volume.Name] = volume switch
                {
                    { HostPath: { } hostPath } => HostPathCheck.Apply(hostPath.Path, hostPath.Type ?? ""),
                    { EmptyDir: not null } => EmptyDir(podDirectory, volume.Name),
                    _ => throw new VolumeSetUpException(volume.Name, "volume type not supported by the everynode agent (hostPath and emptyDir are)"),
                };
            }
            catch (HostPathCheckException e)
            {
                throw new VolumeSetUpException(volume.Name, e.Message);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new VolumeSetUpException(volume.Name, e.Message);
            }
        }

        return paths;
    }

    /// <summary>The bind mounts of one container (subPath folders are created as upstream creates them).</summary>
    public static List<ContainerMount> Mounts(V1Container container, IReadOnlyDictionary<string, string> volumes)
    {
        var mounts = new List<ContainerMount>();
        foreach (var mount in container.VolumeMounts ?? [])
        {
            if (!volumes.TryGetValue(mount.Name, out var host))
            {
                throw new VolumeSetUpException(mount.Name, $"volume \"{mount.Name}\" is not defined in the pod");
            }

            if (!string.IsNullOrEmpty(mount.SubPath))
            {
                host = Path.Combine(host, mount.SubPath);
                if (!Path.Exists(host))
                {
                    Directory.CreateDirectory(host);
                }
            }

            mounts.Add(new ContainerMount(host, mount.MountPath, mount.ReadOnlyProperty == true));
        }

        return mounts;
    }

    /// <summary>Where a pod's emptyDir volumes live (upstream: pods/UID/volumes/kubernetes.io~empty-dir/NAME).</summary>
    public static string EmptyDir(string podDirectory, string name)
    {
        var path = Path.Combine(podDirectory, "volumes", "kubernetes.io~empty-dir", name);
        Directory.CreateDirectory(path);
        return path;
    }
}
