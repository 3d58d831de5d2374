using Everynode.Client.Events;
using k8s;
using k8s.Models;

namespace Everynode.Controllers.Tests.DaemonSets.Controller;

/// <summary>Keeps every event as "Type Reason Message" (upstream's FakeRecorder format).</summary>
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

    public IReadOnlyList<string> WithReason(string reason) => [.. Events.Where(e => e.Split(' ')[1] == reason)];

    public void Record(IKubernetesObject<V1ObjectMeta> involvedObject, string type, string reason, string message)
    {
        lock (_lock)
        {
            _events.Add($"{type} {reason} {message}");
        }
    }

    public void Record(V1ObjectReference involvedObject, string type, string reason, string message) =>
        Record(new V1Pod { Metadata = new V1ObjectMeta { Name = involvedObject.Name } }, type, reason, message);
}
