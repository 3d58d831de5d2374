namespace Everynode.Api.Tables;

/// <summary>A condition on a table row (upstream sets <c>Completed</c> on pods that succeeded or failed).</summary>
public sealed record TableRowCondition(string Type, string Status, string Reason, string Message);
