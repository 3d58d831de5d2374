using Everynode.Client.Events;
using k8s;
using k8s.Models;

namespace Everynode.Testing;

/// <summary>Keeps every event recorded, in order, for tests to assert on.</summary>
internal sealed class RecordingEventRecorder : IEventRecorder
{
    private readonly Lock _lock = new();
    private readonly List<RecordedEvent> _events = [];

    /// <summary>Each event as <c>Type Reason Message</c> (upstream's FakeRecorder format).</summary>
    public IReadOnlyList<string> Events => Lines(e => $"{e.Type} {e.Reason} {e.Message}");

    /// <summary>Each event as <c>Type Reason namespace/name: Message</c>, naming the object it is about.</summary>
    public IReadOnlyList<string> EventsWithObject => Lines(e => $"{e.Type} {e.Reason} {e.Namespace}/{e.Name}: {e.Message}");

    /// <summary>The events with <paramref name="reason"/>, as in <see cref="Events"/>.</summary>
    public IReadOnlyList<string> WithReason(string reason) => [.. Events.Where(e => e.Split(' ')[1] == reason)];

    public void Record(IKubernetesObject<V1ObjectMeta> involvedObject, string type, string reason, string message) =>
        Add(involvedObject.Metadata?.NamespaceProperty, involvedObject.Metadata?.Name, type, reason, message);

    public void Record(V1ObjectReference involvedObject, string type, string reason, string message) =>
        Add(involvedObject.NamespaceProperty, involvedObject.Name, type, reason, message);

    private void Add(string? ns, string? name, string type, string reason, string message)
    {
        lock (_lock)
        {
            _events.Add(new RecordedEvent(ns, name, type, reason, message));
        }
    }

    private List<string> Lines(Func<RecordedEvent, string> format)
    {
        lock (_lock)
        {
            return [.. _events.Select(format)];
        }
    }

    private readonly record struct RecordedEvent(string? Namespace, string? Name, string Type, string Reason, string Message);
}
