using k8s.Models;

namespace Everynode.Client.Events;

/// <summary>An event accepted by the recorder and not yet written.</summary>
internal sealed record PendingEvent(V1ObjectReference InvolvedObject, string Type, string Reason, string Message, DateTimeOffset Timestamp);
