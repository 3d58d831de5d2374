using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using k8s;

namespace Everynode.Api.Models;

/// <summary>
/// Deep copies of model objects, through their JSON form with KubernetesJson's serializer (same field names, same
/// defaults): strategies never share sub-objects between the old and the new object, and controllers change a copy,
/// never an object that came out of an informer cache.
/// </summary>
public static class ModelCopy
{
    /// <summary>KubernetesJson's serializer options (copies go through UTF-8 bytes rather than a UTF-16 string).</summary>
    public static JsonSerializerOptions Options { get; } = CaptureOptions();

    /// <summary>A deep copy of <paramref name="value"/>, serialized as its declared type <typeparamref name="T"/>; null stays null.</summary>
    [return: NotNullIfNotNull(nameof(value))]
    public static T? Clone<T>(T? value)
        where T : class =>
        value is null ? null : JsonSerializer.Deserialize<T>(JsonSerializer.SerializeToUtf8Bytes(value, Options), Options);

    private static JsonSerializerOptions CaptureOptions()
    {
        JsonSerializerOptions? captured = null;
        KubernetesJson.AddJsonOptions(o => captured = o);
        return captured ?? throw new InvalidOperationException("KubernetesJson did not expose its serializer options");
    }
}
