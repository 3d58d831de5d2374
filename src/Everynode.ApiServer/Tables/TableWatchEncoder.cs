using System.Text.Json;
using Everynode.ApiServer.Registry;

namespace Everynode.ApiServer.Tables;

/// <summary>
/// Turns each watch event's object into a Table with one row. As upstream's watch encoder does, only the first
/// Table carries columnDefinitions. ERROR events keep their Status and BOOKMARK events their bare object.
/// </summary>
internal sealed class TableWatchEncoder(TableWriter writer)
{
    private bool _columnsSent;

    public byte[] Encode(WatchOutput ev)
    {
        if (ev.Type is "ERROR" or "BOOKMARK")
        {
            return ev.Object;
        }

        var table = writer.Write([ev.Object], ResourceVersionOf(ev.Object), withColumns: !_columnsSent);
        _columnsSent = true;
        return table;
    }

    private static string ResourceVersionOf(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.TryGetProperty("metadata", out var m) && m.TryGetProperty("resourceVersion", out var rv)
            ? rv.GetString() ?? ""
            : "";
    }
}
