namespace Everynode.Controllers.DaemonSets;

/// <summary>An event the controller records on the DaemonSet: <c>Normal</c> or <c>Warning</c>, a reason, a message.</summary>
public sealed record DaemonSetEvent(string Type, string Reason, string Message);
