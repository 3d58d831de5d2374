namespace Everynode.Scheduler.Framework;

/// <summary>
/// The outcome of one plugin on one node (upstream framework.Status): a code and the reasons, each of which
/// becomes one counted entry in the FailedScheduling message.
/// </summary>
internal sealed record Status(StatusCode Code, IReadOnlyList<string> Reasons, string Plugin = "")
{
    public static Status Success { get; } = new(StatusCode.Success, []);

    public bool IsSuccess => Code == StatusCode.Success;

    /// <summary>The reasons joined as upstream's Status.Message() joins them.</summary>
    public string Message => string.Join(", ", Reasons);

    public static Status Unschedulable(string plugin, params string[] reasons) =>
        new(StatusCode.Unschedulable, reasons, plugin);

    public static Status Unresolvable(string plugin, params string[] reasons) =>
        new(StatusCode.UnschedulableAndUnresolvable, reasons, plugin);
}
