using Everynode.Api.Models;
using Everynode.Api.Resources;
using Everynode.Api.Validation;
using k8s;
using k8s.Models;

namespace Everynode.Api.Tests.Validation;

/// <summary>Runs a strategy's hooks in the order the API server calls them.</summary>
internal static class StrategyHarness
{
    public static IReadOnlyList<FieldError> Create(IResourceStrategy strategy, IKubernetesObject<V1ObjectMeta> obj)
    {
        strategy.ApplyDefaults(obj);
        strategy.PrepareForCreate(obj);
        return strategy.ValidateCreate(obj);
    }

    public static IReadOnlyList<FieldError> Update(IResourceStrategy strategy, IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old)
    {
        strategy.ApplyDefaults(obj);
        strategy.PrepareForUpdate(obj, old);
        return strategy.ValidateUpdate(obj, old);
    }

    public static IReadOnlyList<FieldError> UpdateStatus(IResourceStrategy strategy, IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old)
    {
        strategy.PrepareForStatusUpdate(obj, old);
        return strategy.ValidateStatusUpdate(obj, old);
    }

    public static string[] Render(IEnumerable<FieldError> errors) => errors.Select(e => e.ToString()).ToArray();

    public static T Copy<T>(T value)
        where T : class => ModelCopy.Clone(value)!;
}
