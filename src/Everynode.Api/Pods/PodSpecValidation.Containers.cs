using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.Pods;

public static partial class PodSpecValidation
{
    private static readonly string[] PortProtocols = ["SCTP", "TCP", "UDP"];
    private static readonly string[] PullPolicies = ["Always", "IfNotPresent", "Never"];
    private static readonly string[] TerminationMessagePolicies = ["File", "FallbackToLogsOnError"];

    private static IEnumerable<FieldError> ValidateContainers(V1PodSpec spec, ISet<string> volumes, FieldPath path)
    {
        var containers = spec.Containers ?? [];
        if (containers.Count == 0)
        {
            yield return FieldError.Required(path.Value);
            yield break;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < containers.Count; i++)
        {
            var c = containers[i];
            var cPath = path.Index(i);
            foreach (var e in ValidateContainerCommon(c, volumes, cPath))
            {
                yield return e;
            }

            if (!names.Add(c.Name ?? ""))
            {
                yield return FieldError.Duplicate(cPath.Child("name").Value, c.Name ?? "");
            }

            foreach (var e in ValidateContainerLifecycleAndProbes(c, cPath))
            {
                yield return e;
            }

            if (c.RestartPolicy is not null)
            {
                yield return FieldError.Forbidden(cPath.Child("restartPolicy").Value, "may not be set for non-init containers");
            }
        }

        foreach (var e in HostPortConflicts(containers, path))
        {
            yield return e;
        }
    }

    private static IEnumerable<FieldError> ValidateInitContainers(V1PodSpec spec, ISet<string> volumes, FieldPath path)
    {
        var names = new HashSet<string>((spec.Containers ?? []).Select(c => c.Name ?? ""), StringComparer.Ordinal);
        var inits = spec.InitContainers ?? [];
        for (var i = 0; i < inits.Count; i++)
        {
            var c = inits[i];
            var cPath = path.Index(i);
            foreach (var e in ValidateContainerCommon(c, volumes, cPath))
            {
                yield return e;
            }

            var restartAlways = c.RestartPolicy == "Always";
            if (c.RestartPolicy is not null && !restartAlways)
            {
                yield return FieldError.NotSupported(cPath.Child("restartPolicy").Value, c.RestartPolicy, ["Always"]);
            }

            if (names.Contains(c.Name ?? ""))
            {
                yield return FieldError.Duplicate(cPath.Child("name").Value, c.Name ?? "");
            }
            else if (!string.IsNullOrEmpty(c.Name))
            {
                names.Add(c.Name);
            }

            foreach (var e in HostPortConflicts([c], path))
            {
                yield return e;
            }

            var problems = restartAlways ? ValidateContainerLifecycleAndProbes(c, cPath) : InitContainerForbiddenFields(c, cPath);
            foreach (var e in problems)
            {
                yield return e;
            }
        }
    }

    private static IEnumerable<FieldError> InitContainerForbiddenFields(V1Container c, FieldPath cPath)
    {
        const string detail = "may not be set for init containers without restartPolicy=Always";
        var fields = new (string Name, object? Value)[]
        {
            ("lifecycle", c.Lifecycle), ("livenessProbe", c.LivenessProbe), ("readinessProbe", c.ReadinessProbe), ("startupProbe", c.StartupProbe),
        };
        return fields.Where(f => f.Value is not null).Select(f => FieldError.Forbidden(cPath.Child(f.Name).Value, detail));
    }

    private static IEnumerable<FieldError> ValidateContainerCommon(V1Container c, ISet<string> volumes, FieldPath path)
    {
        if (string.IsNullOrEmpty(c.Name))
        {
            yield return FieldError.Required(path.Child("name").Value);
        }
        else
        {
            foreach (var m in FormatChecks.IsDns1123Label(c.Name))
            {
                yield return FieldError.Invalid(path.Child("name").Value, c.Name, m);
            }
        }

        if (string.IsNullOrEmpty(c.Image))
        {
            yield return FieldError.Required(path.Child("image").Value);
        }

        var errors = ValidateEnum(c.TerminationMessagePolicy, TerminationMessagePolicies, path.Child("terminationMessagePolicy"))
            .Concat(ValidatePorts(c.Ports, path.Child("ports")))
            .Concat(ValidateEnv(c.Env, path.Child("env")))
            .Concat(ValidateVolumeMounts(c.VolumeMounts, volumes, path.Child("volumeMounts")))
            .Concat(ValidateEnum(c.ImagePullPolicy, PullPolicies, path.Child("imagePullPolicy")))
            .Concat(ValidateResources(c.Resources, path.Child("resources")));
        foreach (var e in errors)
        {
            yield return e;
        }
    }

    private static IEnumerable<FieldError> ValidatePorts(IList<V1ContainerPort>? ports, FieldPath path)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (ports?.Count ?? 0); i++)
        {
            var p = ports![i];
            var pPath = path.Index(i);
            if (!string.IsNullOrEmpty(p.Name))
            {
                var msgs = FormatChecks.IsValidPortName(p.Name);
                foreach (var m in msgs)
                {
                    yield return FieldError.Invalid(pPath.Child("name").Value, p.Name, m);
                }

                if (msgs.Count == 0 && !names.Add(p.Name))
                {
                    yield return FieldError.Duplicate(pPath.Child("name").Value, p.Name);
                }
            }

            if (p.ContainerPort == 0)
            {
                yield return FieldError.Required(pPath.Child("containerPort").Value);
            }
            else
            {
                foreach (var m in FormatChecks.IsValidPortNum(p.ContainerPort))
                {
                    yield return FieldError.Invalid(pPath.Child("containerPort").Value, p.ContainerPort, m);
                }
            }

            if (p.HostPort is { } hostPort and not 0)
            {
                foreach (var m in FormatChecks.IsValidPortNum(hostPort))
                {
                    yield return FieldError.Invalid(pPath.Child("hostPort").Value, hostPort, m);
                }
            }

            foreach (var e in ValidateEnum(p.Protocol, PortProtocols, pPath.Child("protocol")))
            {
                yield return e;
            }
        }
    }

    private static IEnumerable<FieldError> ValidateEnv(IList<V1EnvVar>? env, FieldPath path)
    {
        for (var i = 0; i < (env?.Count ?? 0); i++)
        {
            var ev = env![i];
            var namePath = path.Index(i).Child("name");
            if (string.IsNullOrEmpty(ev.Name))
            {
                yield return FieldError.Required(namePath.Value);
                continue;
            }

            foreach (var m in FormatChecks.IsRelaxedEnvVarName(ev.Name))
            {
                yield return FieldError.Invalid(namePath.Value, ev.Name, m);
            }
        }
    }

    private static IEnumerable<FieldError> ValidateVolumeMounts(IList<V1VolumeMount>? mounts, ISet<string> volumes, FieldPath path)
    {
        var mountPoints = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (mounts?.Count ?? 0); i++)
        {
            var m = mounts![i];
            var mPath = path.Index(i);
            if (string.IsNullOrEmpty(m.Name))
            {
                yield return FieldError.Required(mPath.Child("name").Value);
            }

            if (!volumes.Contains(m.Name ?? ""))
            {
                yield return FieldError.NotFound(mPath.Child("name").Value, m.Name ?? "");
            }

            if (string.IsNullOrEmpty(m.MountPath))
            {
                yield return FieldError.Required(mPath.Child("mountPath").Value);
            }

            if (!mountPoints.Add(m.MountPath ?? ""))
            {
                yield return FieldError.Invalid(mPath.Child("mountPath").Value, m.MountPath ?? "", "must be unique");
            }
        }
    }

    /// <summary>Two ports may not claim the same protocol/hostIP/hostPort.</summary>
    private static IEnumerable<FieldError> HostPortConflicts(IList<V1Container> containers, FieldPath path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < containers.Count; i++)
        {
            var ports = containers[i].Ports ?? [];
            for (var j = 0; j < ports.Count; j++)
            {
                if (ports[j].HostPort is not { } hostPort || hostPort == 0)
                {
                    continue;
                }

                var key = $"{ports[j].Protocol}/{ports[j].HostIP}/{hostPort}";
                if (!seen.Add(key))
                {
                    yield return FieldError.Duplicate(path.Index(i).Child("ports").Index(j).Child("hostPort").Value, key);
                }
            }
        }
    }
}
