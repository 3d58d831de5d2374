using Everynode.Client.Events;
using k8s;
using k8s.Models;

namespace Everynode.Scheduler.Tests.Infrastructure;

/// <summary>Records events as lines <c>Type Reason ns/name: message</c>.</summary>
internal sealed class RecordingEventRecorder : IEventRecorder
{
    private readonly Lock _lock = new();
    private readonly List<string> _events = [];

    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public void Record(IKubernetesObject<V1ObjectMeta> involvedObject, string type, string reason, string message) =>
        Add($"{type} {reason} {involvedObject.Metadata.NamespaceProperty}/{involvedObject.Metadata.Name}: {message}");

    public void Record(V1ObjectReference involvedObject, string type, string reason, string message) =>
        Add($"{type} {reason} {involvedObject.NamespaceProperty}/{involvedObject.Name}: {message}");

    private void Add(string line)
    {
        lock (_lock)
        {
            _events.Add(line);
        }
    }
}
