using System.Text;
using Everynode.Api.Resources;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.Secrets;

/// <summary>
/// Object life cycle rules for V1Secret (upstream pkg/registry/core/secret and ValidateSecret): <c>stringData</c> is
/// folded into <c>data</c> on every write, the type defaults to Opaque and never changes, keys are config keys, and
/// the whole payload stays under 1 MiB.
/// </summary>
public sealed class SecretStrategy : ResourceStrategy<V1Secret>
{
    /// <summary>Upstream's MaxSecretSize.</summary>
    public const int MaxSecretSize = 1024 * 1024;

    public const string OpaqueType = "Opaque";

    public override void ApplyDefaults(V1Secret obj)
    {
        if (string.IsNullOrEmpty(obj.Type))
        {
            obj.Type = OpaqueType;
        }
    }

    public override void PrepareForCreate(V1Secret obj) => FoldStringData(obj);

    public override void PrepareForUpdate(V1Secret obj, V1Secret old) => FoldStringData(obj);

    public override IReadOnlyList<FieldError> ValidateCreate(V1Secret obj)
    {
        var errs = ObjectMetaValidation.ValidateCreate(obj.Metadata, namespaced: true, NameValidators.DnsSubdomain);
        errs.AddRange(ValidateData(obj));
        return errs;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(V1Secret obj, V1Secret old)
    {
        var errs = ObjectMetaValidation.ValidateUpdate(obj.Metadata, old.Metadata);
        if (obj.Type != old.Type)
        {
            errs.Add(FieldError.Invalid("type", obj.Type, ValidationMessages.FieldImmutable));
        }

        if (old.Immutable == true)
        {
            if (obj.Immutable != true)
            {
                errs.Add(FieldError.Forbidden("immutable", "field is immutable when `immutable` is set"));
            }

            if (!ConfigKeys.SameData(obj.Data, old.Data))
            {
                errs.Add(FieldError.Forbidden("data", "field is immutable when `immutable` is set"));
            }
        }

        errs.AddRange(ValidateData(obj));
        return errs;
    }

    public override IReadOnlyDictionary<string, string> GetSelectableFields(V1Secret obj)
    {
        var fields = MetadataFields(obj);
        fields["type"] = obj.Type ?? "";
        return fields;
    }

    /// <summary>stringData wins over data for the same key (upstream's conversion), and is never stored.</summary>
    private static void FoldStringData(V1Secret obj)
    {
        if (obj.StringData is not { Count: > 0 } strings)
        {
            obj.StringData = null;
            return;
        }

        obj.Data ??= new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in strings)
        {
            obj.Data[key] = Encoding.UTF8.GetBytes(value ?? "");
        }

        obj.StringData = null;
    }

    private static IEnumerable<FieldError> ValidateData(V1Secret obj)
    {
        long total = 0;
        foreach (var (key, value) in (obj.Data ?? new Dictionary<string, byte[]>()).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            foreach (var message in ConfigKeys.Check(key))
            {
                yield return FieldError.Invalid($"data[{key}]", key, message);
            }

            total += value?.Length ?? 0;
        }

        if (total > MaxSecretSize)
        {
            yield return FieldError.TooLong("data", "", MaxSecretSize);
        }
    }
}
