using System.Globalization;
using k8s.Models;

namespace Everynode.Api.DaemonSets;

/// <summary>
/// apps/v1 carries the internal spec.templateGeneration in the annotation
/// <c>deprecated.daemonset.template.generation</c>; upstream reads it on input (as int64) and always writes it on output.
/// </summary>
public static class TemplateGeneration
{
    public const string AnnotationKey = "deprecated.daemonset.template.generation";

    /// <summary>The value, 0 when absent, or null when present but not an integer.</summary>
    public static long? Read(V1DaemonSet ds)
    {
        if (ds.Metadata?.Annotations is null || !ds.Metadata.Annotations.TryGetValue(AnnotationKey, out var text))
        {
            return 0;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    public static void Write(V1DaemonSet ds, long value)
    {
        ds.Metadata ??= new V1ObjectMeta();
        ds.Metadata.Annotations ??= new Dictionary<string, string>();
        ds.Metadata.Annotations[AnnotationKey] = value.ToString(CultureInfo.InvariantCulture);
    }
}
