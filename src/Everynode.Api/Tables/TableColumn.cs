namespace Everynode.Api.Tables;

/// <summary>
/// One column of a <c>meta.k8s.io/v1 Table</c> (upstream's TableColumnDefinition). kubectl shows columns with
/// <see cref="Priority"/> 0 always and the others only with <c>-o wide</c>.
/// </summary>
/// <param name="Name">Human-readable name; kubectl upper-cases it for the header.</param>
/// <param name="Type">OpenAPI type: <c>string</c>, <c>integer</c>, <c>number</c>, <c>boolean</c>, <c>date</c>.</param>
/// <param name="Format">OpenAPI format; <c>name</c> marks the column that holds the object's name.</param>
public sealed record TableColumn(string Name, string Type, string Format, string Description, int Priority)
{
    public static TableColumn Text(string name, string description, int priority = 0) => new(name, "string", "", description, priority);

    public static TableColumn Count(string name, string description, int priority = 0) => new(name, "integer", "", description, priority);

    /// <summary>The object's name column (format <c>name</c>), which kubectl prefixes with <c>kind/</c> for mixed lists.</summary>
    public static TableColumn ObjectName(int priority = 0) => new("Name", "string", "name", ColumnDescriptions.Name, priority);

    public static TableColumn Age() => Text("Age", ColumnDescriptions.CreationTimestamp);
}
