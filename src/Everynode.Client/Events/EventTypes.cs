namespace Everynode.Client.Events;

/// <summary>The two values of <c>Event.type</c>.</summary>
public static class EventTypes
{
    public const string Normal = "Normal";

    public const string Warning = "Warning";
}
