using Everynode.Api.Tables;
using k8s.Models;

namespace Everynode.Api.ConfigMaps;

/// <summary><c>NAME DATA AGE</c>, as upstream prints config maps (DATA counts data and binaryData entries).</summary>
public sealed class ConfigMapPrinter : TablePrinter<V1ConfigMap>
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName(),
        TableColumn.Count("Data", "Number of data entries in the config map"),
        TableColumn.Age(),
    ];

    protected override TableRow Print(V1ConfigMap configMap, DateTime now) =>
        new(configMap.Metadata?.Name ?? "", (long)((configMap.Data?.Count ?? 0) + (configMap.BinaryData?.Count ?? 0)), HumanDuration.Since(configMap.Metadata?.CreationTimestamp, now));
}
