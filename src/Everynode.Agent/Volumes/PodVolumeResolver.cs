using Everynode.Agent.Config;
using Everynode.Agent.Runtime;
using k8s.Models;

namespace Everynode.Agent.Volumes;

/// <summary>
/// Turns a pod's volumes into host folders and each container's volumeMounts into bind mounts:
/// <c>hostPath</c> with upstream's type checks and messages, <c>emptyDir</c> as a per-pod folder under the agent's
/// data directory (removed with the pod), <c>configMap</c> and <c>secret</c> as a per-pod folder with one file per key
/// (or per item) written from the pod's <see cref="PodConfig"/>. A failure names the volume; the pod shows it as a
/// FailedMount event and its containers stay in ContainerCreating.
/// </summary>
internal static class PodVolumeResolver
{
    /// <summary>The host folder (or file) of every volume of the pod, by volume name.</summary>
    public static Dictionary<string, string> SetUp(V1Pod pod, string podDirectory, PodConfig config)
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
                    { ConfigMap: { } cm } => ConfigVolume(podDirectory, volume.Name, config, ConfigObjectKind.ConfigMap, cm.Name, cm.Items, cm.DefaultMode, cm.Optional == true),
                    { Secret: { } secret } => ConfigVolume(podDirectory, volume.Name, config, ConfigObjectKind.Secret, secret.SecretName, secret.Items, secret.DefaultMode, secret.Optional == true),
                    _ => throw new VolumeSetUpException(volume.Name, "volume type not supported by the everynode agent (hostPath, emptyDir, configMap and secret are)"),
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

    /// <summary>
    /// A configMap or secret volume (upstream: pods/UID/volumes/kubernetes.io~configmap/NAME): every key as a file, or
    /// only the listed items at their paths; modes from the item, the volume's defaultMode, or 0644.
    /// </summary>
    private static string ConfigVolume(
        string podDirectory, string volume, PodConfig config, ConfigObjectKind kind, string name, IList<V1KeyToPath>? items, int? defaultMode, bool optional)
    {
        var plugin = kind == ConfigObjectKind.ConfigMap ? "kubernetes.io~configmap" : "kubernetes.io~secret";
        var path = Path.Combine(podDirectory, "volumes", plugin, volume);
        Directory.CreateDirectory(path);
        var data = config.Get(kind, name);
        if (data is null)
        {
            return optional ? path : throw new VolumeSetUpException(volume, PodConfig.NotFound(kind, name));
        }

        var files = items is { Count: > 0 }
            ? items.Select(i => (i.Key, i.Path, i.Mode))
            : data.Keys.Select(k => (Key: k, Path: k, Mode: (int?)null));
        foreach (var (key, relative, mode) in files)
        {
            if (!data.TryGetValue(key, out var bytes))
            {
                if (optional)
                {
                    continue;
                }

                throw new VolumeSetUpException(volume, $"{(kind == ConfigObjectKind.ConfigMap ? "configmap" : "secret")} references non-existent config key: {key}");
            }

            var file = Path.GetFullPath(Path.Combine(path, relative));
            if (!file.StartsWith(path + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new VolumeSetUpException(volume, $"item path {relative} leaves the volume");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, bytes);
            File.SetUnixFileMode(file, (UnixFileMode)((mode ?? defaultMode ?? DefaultFileMode) & 0x1FF));
        }

        return path;
    }

    /// <summary>upstream's default mode of configMap and secret files: 0644.</summary>
    private const int DefaultFileMode = 0x1A4;

    /// <summary>Where a pod's emptyDir volumes live (upstream: pods/UID/volumes/kubernetes.io~empty-dir/NAME).</summary>
    public static string EmptyDir(string podDirectory, string name)
    {
        var path = Path.Combine(podDirectory, "volumes", "kubernetes.io~empty-dir", name);
        Directory.CreateDirectory(path);
        return path;
    }
}
