using k8s.Models;

namespace Everynode.Api.Validation;

public static partial class ObjectMetaValidation
{
    /// <summary>apiVersion (with a version), kind, name and uid are required; events may not own anything.</summary>
    public static IEnumerable<FieldError> ValidateOwnerReferences(IList<V1OwnerReference>? refs, FieldPath path)
    {
        string? firstController = null;
        foreach (var r in refs ?? [])
        {
            var (group, version) = SplitApiVersion(r.ApiVersion ?? "");
            if (version.Length == 0)
            {
                yield return FieldError.Invalid(path.Child("apiVersion").Value, r.ApiVersion ?? "", "version must not be empty");
            }

            if (string.IsNullOrEmpty(r.Kind))
            {
                yield return FieldError.Invalid(path.Child("kind").Value, r.Kind ?? "", "must not be empty");
            }

            if (string.IsNullOrEmpty(r.Name))
            {
                yield return FieldError.Invalid(path.Child("name").Value, r.Name ?? "", "must not be empty");
            }

            if (string.IsNullOrEmpty(r.Uid))
            {
                yield return FieldError.Invalid(path.Child("uid").Value, r.Uid ?? "", "must not be empty");
            }

            if (group.Length == 0 && version == "v1" && r.Kind == "Event")
            {
                yield return FieldError.Invalid(path.Value, new FieldError.Verbatim(OwnerReferenceString(r)),
                    "/v1, Kind=Event is disallowed from being an owner");
            }

            if (r.Controller == true)
            {
                var current = r.Kind + "/" + r.Name;
                if (firstController is null)
                {
                    firstController = current;
                }
                else
                {
                    yield return FieldError.Invalid(path.Value, new FieldError.Verbatim(OwnerReferencesGoSyntax(refs!)),
                        $"Only one reference can have Controller set to true. Found \"true\" in references for {firstController} and {current}");
                }
            }
        }
    }

    /// <summary>Finalizer names must be qualified names; orphan and foregroundDeletion exclude each other.</summary>
    public static IEnumerable<FieldError> ValidateFinalizers(IList<string>? finalizers, FieldPath path)
    {
        if (finalizers is null)
        {
            yield break;
        }

        foreach (var f in finalizers)
        {
            foreach (var m in FormatChecks.IsQualifiedName(f))
            {
                yield return FieldError.Invalid(path.Value, f, m);
            }
        }

        if (finalizers.Contains("orphan") && finalizers.Contains("foregroundDeletion"))
        {
            yield return FieldError.Invalid(path.Value, GoValue.StringSlice(finalizers), "finalizer orphan and foregroundDeletion cannot be both set");
        }
    }

    /// <summary>The core group's extra rule: an unprefixed finalizer must be one of the standard names.</summary>
    public static IEnumerable<FieldError> ValidateKubeFinalizerNames(IList<string>? finalizers, FieldPath? path = null)
    {
        var basePath = path ?? Metadata.Child("finalizers");
        for (var i = 0; i < (finalizers?.Count ?? 0); i++)
        {
            var f = finalizers![i];
            if (!f.Contains('/', StringComparison.Ordinal) && !StandardFinalizers.Contains(f))
            {
                yield return FieldError.Invalid(basePath.Index(i).Value, f, "name is neither a standard finalizer name nor is it fully qualified");
            }
        }
    }

    private static (string Group, string Version) SplitApiVersion(string apiVersion)
    {
        var parts = apiVersion.Split('/');
        return parts.Length switch
        {
            1 => ("", parts[0]),
            2 => (parts[0], parts[1]),
            _ => ("", ""),
        };
    }

    private static string OwnerReferenceString(V1OwnerReference r) =>
        $"&OwnerReference{{Kind:{r.Kind},Name:{r.Name},UID:{r.Uid},APIVersion:{r.ApiVersion},Controller:{GoBoolPointer(r.Controller)},BlockOwnerDeletion:{GoBoolPointer(r.BlockOwnerDeletion)},}}";

    private static string GoBoolPointer(bool? value) => value is null ? "nil" : value.Value ? "*true" : "*false";

    // Go prints pointers in %#v as addresses; a fixed placeholder stands in for them.
    private static string OwnerReferencesGoSyntax(IList<V1OwnerReference> refs) =>
        "[]v1.OwnerReference{" + string.Join(", ", refs.Select(r =>
            $"v1.OwnerReference{{APIVersion:{FieldError.Quote(r.ApiVersion ?? "")}, Kind:{FieldError.Quote(r.Kind ?? "")}, Name:{FieldError.Quote(r.Name ?? "")}, UID:{FieldError.Quote(r.Uid ?? "")}, Controller:{GoPointer(r.Controller)}, BlockOwnerDeletion:{GoPointer(r.BlockOwnerDeletion)}}}")) + "}";

    private static string GoPointer(bool? value) => value is null ? "(*bool)(nil)" : "(*bool)(0xc000000000)";
}
