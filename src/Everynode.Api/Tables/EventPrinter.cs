using k8s.Models;

namespace Everynode.Api.Tables;

/// <summary>
/// <c>LAST SEEN TYPE REASON OBJECT MESSAGE</c>; wide adds <c>SUBOBJECT SOURCE</c> before MESSAGE and
/// <c>FIRST SEEN COUNT NAME</c> after it.
/// </summary>
public sealed class EventPrinter : TablePrinter<Corev1Event>
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.Text("Last Seen", ColumnDescriptions.EventLastTimestamp),
        TableColumn.Text("Type", ColumnDescriptions.EventType),
        TableColumn.Text("Reason", ColumnDescriptions.EventReason),
        TableColumn.Text("Object", ColumnDescriptions.EventInvolvedObject),
        TableColumn.Text("Subobject", ColumnDescriptions.EventFieldPath, 1),
        TableColumn.Text("Source", ColumnDescriptions.EventSource, 1),
        TableColumn.Text("Message", ColumnDescriptions.EventMessage),
        TableColumn.Text("First Seen", ColumnDescriptions.EventFirstTimestamp, 1),
        TableColumn.Text("Count", ColumnDescriptions.EventCount, 1),
        TableColumn.ObjectName(priority: 1),
    ];

    protected override TableRow Print(Corev1Event e, DateTime now)
    {
        var firstSeen = IsSet(e.FirstTimestamp) ? HumanDuration.Since(e.FirstTimestamp, now) : HumanDuration.Since(e.EventTime, now);
        var lastSeen = IsSet(e.LastTimestamp) ? HumanDuration.Since(e.LastTimestamp, now) : firstSeen;
        long count = e.Count ?? 0;
        if (e.Series is { } series)
        {
            lastSeen = HumanDuration.Since(series.LastObservedTime, now);
            count = series.Count ?? 0;
        }
        else if (count == 0)
        {
            // Singleton events of the events.k8s.io API carry no count.
            count = 1;
        }

        var involved = e.InvolvedObject ?? new V1ObjectReference();
        var kind = (involved.Kind ?? "").ToLowerInvariant();
        var target = string.IsNullOrEmpty(involved.Name) ? kind : $"{kind}/{involved.Name}";
        return new TableRow(
            lastSeen,
            e.Type ?? "",
            e.Reason ?? "",
            target,
            involved.FieldPath ?? "",
            Source(e),
            (e.Message ?? "").Trim(),
            firstSeen,
            count,
            e.Metadata?.Name ?? "");
    }

    /// <summary><c>component, host</c> (host left out when empty), falling back to the reporting controller and instance.</summary>
    private static string Source(Corev1Event e)
    {
        var component = FirstNonEmpty(e.Source?.Component, e.ReportingComponent);
        var instance = FirstNonEmpty(e.Source?.Host, e.ReportingInstance);
        return instance.Length == 0 ? component : $"{component}, {instance}";
    }

    private static string FirstNonEmpty(string? a, string? b) => !string.IsNullOrEmpty(a) ? a : b ?? "";

    private static bool IsSet(DateTime? t) => t is { } v && v != default;
}
