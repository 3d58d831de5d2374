using Everynode.Api.Resources;
using Everynode.Api.Secrets;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.ConfigMaps;

/// <summary>
/// Object life cycle rules for V1ConfigMap (upstream ValidateConfigMap): keys of <c>data</c> and <c>binaryData</c> are
/// config keys and never in both, the whole payload stays under 1 MiB, and an <c>immutable</c> ConfigMap keeps its
/// data and its immutability.
/// </summary>
public sealed class ConfigMapStrategy : ResourceStrategy<V1ConfigMap>
{
    /// <summary>Upstream's MaxConfigMapSize (the stored object stays under etcd's request limit).</summary>
    public const int MaxConfigMapSize = 1024 * 1024;

    public override IReadOnlyList<FieldError> ValidateCreate(V1ConfigMap obj)
    {
        var errs = ObjectMetaValidation.ValidateCreate(obj.Metadata, namespaced: true, NameValidators.DnsSubdomain);
        errs.AddRange(ValidateData(obj));
        return errs;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(V1ConfigMap obj, V1ConfigMap old)
    {
        var errs = ObjectMetaValidation.ValidateUpdate(obj.Metadata, old.Metadata);
        if (old.Immutable == true)
        {
            if (obj.Immutable != true)
            {
                errs.Add(FieldError.Forbidden("immutable", "field is immutable when `immutable` is set"));
            }

            if (!SameStrings(obj.Data, old.Data))
            {
                errs.Add(FieldError.Forbidden("data", "field is immutable when `immutable` is set"));
            }

            if (!ConfigKeys.SameData(obj.BinaryData, old.BinaryData))
            {
                errs.Add(FieldError.Forbidden("binaryData", "field is immutable when `immutable` is set"));
            }
        }

        errs.AddRange(ValidateData(obj));
        return errs;
    }

    private static IEnumerable<FieldError> ValidateData(V1ConfigMap obj)
    {
        long total = 0;
        foreach (var (key, value) in (obj.Data ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            foreach (var message in ConfigKeys.Check(key))
            {
                yield return FieldError.Invalid($"data[{key}]", key, message);
            }

            total += System.Text.Encoding.UTF8.GetByteCount(value ?? "");
        }

        foreach (var (key, value) in (obj.BinaryData ?? new Dictionary<string, byte[]>()).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            foreach (var message in ConfigKeys.Check(key))
            {
                yield return FieldError.Invalid($"binaryData[{key}]", key, message);
            }

            if (obj.Data?.ContainsKey(key) == true)
            {
                yield return FieldError.Invalid($"data[{key}]", key, "duplicate of key present in binaryData");
            }

            total += value?.Length ?? 0;
        }

        if (total > MaxConfigMapSize)
        {
            yield return FieldError.TooLong("", "", MaxConfigMapSize);
        }
    }

    private static bool SameStrings(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        a ??= new Dictionary<string, string>();
        b ??= new Dictionary<string, string>();
        return a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && kv.Value == other);
    }
}
