using k8s.Models;

namespace Everynode.Api.Pods;

/// <summary>
/// Upstream's core/v1 defaults for a PodSpec wherever it appears (Pod and pod templates alike): DNS and restart
/// policy, security context, grace period, scheduler, and the container, probe and volume defaults.
/// Idempotent: applying twice changes nothing the second time.
/// </summary>
public static class PodSpecDefaults
{
    public const long DefaultTerminationGracePeriodSeconds = 30;
    public const string DefaultSchedulerName = "default-scheduler";
    public const int DefaultFileMode = 420; // 0644

    public static void Apply(V1PodSpec? spec)
    {
        if (spec is null)
        {
            return;
        }

        if (string.IsNullOrEmpty(spec.DnsPolicy))
        {
            spec.DnsPolicy = "ClusterFirst";
        }

        if (string.IsNullOrEmpty(spec.RestartPolicy))
        {
            spec.RestartPolicy = "Always";
        }

        spec.SecurityContext ??= new V1PodSecurityContext();
        spec.TerminationGracePeriodSeconds ??= DefaultTerminationGracePeriodSeconds;
        if (string.IsNullOrEmpty(spec.SchedulerName))
        {
            spec.SchedulerName = DefaultSchedulerName;
        }

        foreach (var c in spec.Containers ?? [])
        {
            ApplyContainer(c);
        }

        foreach (var c in spec.InitContainers ?? [])
        {
            ApplyContainer(c);
        }

        foreach (var v in spec.Volumes ?? [])
        {
            ApplyVolume(v);
        }
    }

    public static void ApplyContainer(V1Container container)
    {
        if (string.IsNullOrEmpty(container.ImagePullPolicy))
        {
            container.ImagePullPolicy = ImageTag(container.Image) == "latest" ? "Always" : "IfNotPresent";
        }

        if (string.IsNullOrEmpty(container.TerminationMessagePath))
        {
            container.TerminationMessagePath = "/dev/termination-log";
        }

        if (string.IsNullOrEmpty(container.TerminationMessagePolicy))
        {
            container.TerminationMessagePolicy = "File";
        }

        // Upstream's resources is a struct that is always written: an object with none is "resources: {}".
        container.Resources ??= new V1ResourceRequirements();

        foreach (var p in container.Ports ?? [])
        {
            if (string.IsNullOrEmpty(p.Protocol))
            {
                p.Protocol = "TCP";
            }
        }

        foreach (var e in container.Env ?? [])
        {
            if (e.ValueFrom?.FieldRef is { } fieldRef && string.IsNullOrEmpty(fieldRef.ApiVersion))
            {
                fieldRef.ApiVersion = "v1";
            }
        }

        ApplyProbe(container.LivenessProbe);
        ApplyProbe(container.ReadinessProbe);
        ApplyProbe(container.StartupProbe);
        ApplyHttpGet(container.Lifecycle?.PostStart?.HttpGet);
        ApplyHttpGet(container.Lifecycle?.PreStop?.HttpGet);
    }

    /// <summary>
    /// The tag the image reference resolves to, as docker's reference parsing reports it: "latest" when neither
    /// tag nor digest is given, "" when only a digest is.
    /// </summary>
    public static string ImageTag(string? image)
    {
        if (string.IsNullOrEmpty(image))
        {
            return "";
        }

        var at = image.IndexOf('@', StringComparison.Ordinal);
        var name = at >= 0 ? image[..at] : image;
        var lastSegment = name[(name.LastIndexOf('/') + 1)..];
        var colon = lastSegment.LastIndexOf(':');
        if (colon >= 0)
        {
            return lastSegment[(colon + 1)..];
        }

        return at >= 0 ? "" : "latest";
    }

    private static void ApplyProbe(V1Probe? probe)
    {
        if (probe is null)
        {
            return;
        }

        probe.TimeoutSeconds = probe.TimeoutSeconds is null or 0 ? 1 : probe.TimeoutSeconds;
        probe.PeriodSeconds = probe.PeriodSeconds is null or 0 ? 10 : probe.PeriodSeconds;
        probe.SuccessThreshold = probe.SuccessThreshold is null or 0 ? 1 : probe.SuccessThreshold;
        probe.FailureThreshold = probe.FailureThreshold is null or 0 ? 3 : probe.FailureThreshold;
        ApplyHttpGet(probe.HttpGet);
    }

    private static void ApplyHttpGet(V1HTTPGetAction? action)
    {
        if (action is null)
        {
            return;
        }

        if (string.IsNullOrEmpty(action.Path))
        {
            action.Path = "/";
        }

        if (string.IsNullOrEmpty(action.Scheme))
        {
            action.Scheme = "HTTP";
        }
    }

    private static void ApplyVolume(V1Volume volume)
    {
        if (!PodVolumes.HasSource(volume))
        {
            volume.EmptyDir = new V1EmptyDirVolumeSource();
        }

        if (volume.Secret is { DefaultMode: null } secret)
        {
            secret.DefaultMode = DefaultFileMode;
        }

        if (volume.ConfigMap is { DefaultMode: null } configMap)
        {
            configMap.DefaultMode = DefaultFileMode;
        }

        if (volume.DownwardAPI is { DefaultMode: null } downwardApi)
        {
            downwardApi.DefaultMode = DefaultFileMode;
        }

        if (volume.Projected is { DefaultMode: null } projected)
        {
            projected.DefaultMode = DefaultFileMode;
        }

        if (volume.HostPath is { Type: null } hostPath)
        {
            hostPath.Type = "";
        }
    }
}
