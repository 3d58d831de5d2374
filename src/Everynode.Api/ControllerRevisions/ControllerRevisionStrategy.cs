using Everynode.Api.Models;
using Everynode.Api.Resources;
using Everynode.Api.Validation;
using k8s;
using k8s.Models;

namespace Everynode.Api.ControllerRevisions;

/// <summary>
/// Object life cycle rules for V1ControllerRevision (upstream ValidateControllerRevision[Update]):
/// data is mandatory and immutable, revision non-negative; revision and labels may change on update.
/// </summary>
public sealed class ControllerRevisionStrategy : ResourceStrategy<V1ControllerRevision>
{
    public override IReadOnlyList<FieldError> ValidateCreate(V1ControllerRevision obj)
    {
        var errs = ObjectMetaValidation.ValidateCreate(obj.Metadata, namespaced: true, NameValidators.DnsSubdomain);
        if (obj.Data is null)
        {
            errs.Add(FieldError.Required("data", "data is mandatory"));
        }

        errs.AddRange(FieldErrors.NonNegative(obj.Revision ?? 0, FieldPath.Root("revision")));
        return errs;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(V1ControllerRevision obj, V1ControllerRevision old)
    {
        var errs = ObjectMetaValidation.ValidateUpdate(obj.Metadata, old.Metadata);
        errs.AddRange(ValidateCreate(obj));
        var data = Raw(obj.Data);
        if (!string.Equals(SemanticEquality.Canonical(obj.Data), SemanticEquality.Canonical(old.Data), StringComparison.Ordinal))
        {
            // Upstream prints the RawExtension struct with %#v.
            var value = new FieldError.Verbatim($"runtime.RawExtension{{Raw:{GoValue.Bytes(data)}, Object:runtime.Object(nil)}}");
            errs.Add(FieldError.Invalid("data", value, ValidationMessages.FieldImmutable));
        }

        return errs;
    }

    private static byte[]? Raw(object? data) =>
        data is null ? null : System.Text.Encoding.UTF8.GetBytes(KubernetesJson.Serialize(data));
}
