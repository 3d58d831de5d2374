namespace Everynode.Client.Informers;

/// <summary>An <see cref="IInformerHandler{T}"/> made of optional delegates.</summary>
public sealed class InformerHandler<T> : IInformerHandler<T>
{
    public Action<T>? Added { get; init; }

    public Action<T, T>? Updated { get; init; }

    public Action<T, bool>? Deleted { get; init; }

    public void OnAdd(T obj) => Added?.Invoke(obj);

    public void OnUpdate(T oldObj, T newObj) => Updated?.Invoke(oldObj, newObj);

    public void OnDelete(T obj, bool finalStateUnknown) => Deleted?.Invoke(obj, finalStateUnknown);
}
