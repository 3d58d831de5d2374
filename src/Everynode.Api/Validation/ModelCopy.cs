using System.Text.Json;
using k8s;

namespace Everynode.Api.Validation;

/// <summary>Deep copies of model objects (through their JSON form), so strategies never share sub-objects between the old and new object.</summary>
public static class ModelCopy
{
    /// <summary>KubernetesJson's serializer options (copies go through UTF-8 bytes rather than a UTF-16 string).</summary>
    public static JsonSerializerOptions Options { get; } = CaptureOptions();

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
