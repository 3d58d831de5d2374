using Everynode.Client.Informers;
using k8s;
using k8s.Models;

namespace Everynode.Client.Tests.Infrastructure;

/// <summary>Records what an informer reports, as lines like <c>add a</c>, <c>update a</c>, <c>delete b (unknown)</c>.</summary>
internal sealed class RecordingHandler<T> : IInformerHandler<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];
    private readonly List<T> _deleted = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public IReadOnlyList<T> Deleted
    {
        get
        {
            lock (_lock)
            {
                return [.. _deleted];
            }
        }
    }

    public void OnAdd(T obj) => Record($"add {obj.Metadata.Name}");

    public void OnUpdate(T oldObj, T newObj) => Record($"update {newObj.Metadata.Name}");

    public void OnDelete(T obj, bool finalStateUnknown)
    {
        lock (_lock)
        {
            _deleted.Add(obj);
        }

        Record($"delete {obj.Metadata.Name}" + (finalStateUnknown ? " (unknown)" : ""));
    }

    private void Record(string line)
    {
        lock (_lock)
        {
            _lines.Add(line);
        }
    }
}
