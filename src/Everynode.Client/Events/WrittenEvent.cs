namespace Everynode.Client.Events;

/// <summary>An Event object the recorder wrote, remembered so that repeats patch it instead of creating another.</summary>
internal sealed record WrittenEvent(string Namespace, string Name, int Count);
