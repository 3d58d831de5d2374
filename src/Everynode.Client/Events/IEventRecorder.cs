using k8s;
using k8s.Models;

namespace Everynode.Client.Events;

/// <summary>
/// Records core/v1 Events about an object. Never blocks and never waits for the API: events are written in the
/// background, and dropped when the recorder is overwhelmed. Controller tests substitute a recording fake.
/// </summary>
public interface IEventRecorder
{
    /// <param name="involvedObject">the object the event is about (a cached object is fine: it is not changed)</param>
    /// <param name="type"><see cref="EventTypes.Normal"/> or <see cref="EventTypes.Warning"/></param>
    /// <param name="reason">a short UpperCamelCase reason, e.g. <c>SuccessfulCreate</c></param>
    /// <param name="message">a human-readable message</param>
    void Record(IKubernetesObject<V1ObjectMeta> involvedObject, string type, string reason, string message);

    /// <summary>The same, for an object known only by reference.</summary>
    void Record(V1ObjectReference involvedObject, string type, string reason, string message);
}
