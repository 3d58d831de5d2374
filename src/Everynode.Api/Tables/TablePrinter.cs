using k8s;
using k8s.Models;

namespace Everynode.Api.Tables;

/// <summary>Base of the typed printers: checks the object's type once so each printer works on its model type.</summary>
public abstract class TablePrinter<T> : ITablePrinter
    where T : IKubernetesObject<V1ObjectMeta>
{
    public abstract IReadOnlyList<TableColumn> Columns { get; }

    public TableRow Print(IKubernetesObject<V1ObjectMeta> obj, DateTime now) => obj is T typed
        ? Print(typed, now)
        : throw new ArgumentException($"{GetType().Name} prints {typeof(T).Name}, not {obj.GetType().Name}", nameof(obj));

    protected abstract TableRow Print(T obj, DateTime now);
}
