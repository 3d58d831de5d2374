using k8s;

namespace Everynode.Api.Validation;

/// <summary>Deep copies of model objects (through their JSON form), so strategies never share sub-objects between the old and new object.</summary>
public static class ModelCopy
{
    public static T? Clone<T>(T? value)
        where T : class =>
        value is null ? null : KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value));
}
