using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.Pods;

public static partial class PodSpecValidation
{
    private const string FileModeErrorMsg = "must be a number between 0 and 0777 (octal), both inclusive";

    /// <summary>Validates the volumes and returns the names that mounts may refer to (the valid ones).</summary>
    private static HashSet<string> ValidateVolumes(IList<V1Volume>? volumes, FieldPath path, List<FieldError> errs)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (volumes?.Count ?? 0); i++)
        {
            var v = volumes![i];
            var vPath = path.Index(i);
            var el = ValidateVolumeSource(v, vPath);
            if (string.IsNullOrEmpty(v.Name))
            {
                el.Add(FieldError.Required(vPath.Child("name").Value));
            }
            else
            {
                el.AddRange(FormatChecks.IsDns1123Label(v.Name).Select(m => FieldError.Invalid(vPath.Child("name").Value, v.Name, m)));
            }

            if (names.Contains(v.Name ?? ""))
            {
                el.Add(FieldError.Duplicate(vPath.Child("name").Value, v.Name ?? ""));
            }

            if (el.Count == 0)
            {
                names.Add(v.Name!);
            }
            else
            {
                errs.AddRange(el);
            }
        }

        return names;
    }

    private static List<FieldError> ValidateVolumeSource(V1Volume v, FieldPath path)
    {
        var errs = new List<FieldError>();
        var count = 0;
        foreach (var (field, source) in PodVolumes.Sources(v))
        {
            if (source is null)
            {
                continue;
            }

            if (count++ > 0)
            {
                errs.Add(FieldError.Forbidden(path.Child(field).Value, "may not specify more than 1 volume type"));
                continue;
            }

            errs.AddRange(ValidateKnownSource(v, path));
        }

        if (count == 0)
        {
            errs.Add(FieldError.Required(path.Value, "must specify a volume type"));
        }

        return errs;
    }

    // Only the sources a node agent here can serve get field checks; others are accepted as given.
    private static IEnumerable<FieldError> ValidateKnownSource(V1Volume v, FieldPath path)
    {
        if (v.HostPath is { } hostPath && string.IsNullOrEmpty(hostPath.Path))
        {
            yield return FieldError.Required(path.Child("hostPath", "path").Value);
        }

        if (v.Secret is { } secret)
        {
            if (string.IsNullOrEmpty(secret.SecretName))
            {
                yield return FieldError.Required(path.Child("secret", "secretName").Value);
            }

            foreach (var e in FileMode(secret.DefaultMode, path.Child("secret", "defaultMode")))
            {
                yield return e;
            }
        }

        if (v.ConfigMap is { } configMap)
        {
            if (string.IsNullOrEmpty(configMap.Name))
            {
                yield return FieldError.Required(path.Child("configMap", "name").Value);
            }

            foreach (var e in FileMode(configMap.DefaultMode, path.Child("configMap", "defaultMode")))
            {
                yield return e;
            }
        }

        if (v.PersistentVolumeClaim is { } pvc && string.IsNullOrEmpty(pvc.ClaimName))
        {
            yield return FieldError.Required(path.Child("persistentVolumeClaim", "claimName").Value);
        }
    }

    private static IEnumerable<FieldError> FileMode(int? mode, FieldPath path)
    {
        if (mode is < 0 or > 511)
        {
            yield return FieldError.Invalid(path.Value, mode.Value, FileModeErrorMsg);
        }
    }
}
