using Everynode.Api.Tables;

namespace Everynode.Api.Tests.Tables;

/// <summary>The header each kind prints (kubectl upper-cases the names), wide-only columns marked with (w).</summary>
public sealed class ColumnTests
{
    public static TheoryData<string, string, string> Kinds() => new()
    {
        { "", "Pod", "Name Ready Status Restarts Age IP(w) Node(w) Nominated Node(w) Readiness Gates(w)" },
        { "", "Node", "Name Status Roles Age Version Internal-IP(w) External-IP(w) OS-Image(w) Kernel-Version(w) Container-Runtime(w)" },
        { "", "Namespace", "Name Status Age" },
        { "", "Event", "Last Seen Type Reason Object Subobject(w) Source(w) Message First Seen(w) Count(w) Name(w)" },
        { "apps", "DaemonSet", "Name Desired Current Ready Up-to-date Available Node Selector Age Containers(w) Images(w) Selector(w)" },
        { "apps", "ControllerRevision", "Name Controller Revision Age" },
        { "coordination.k8s.io", "Lease", "Name Holder Age" },
        { "example.com", "Widget", "Name Created At" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Columns_AreUpstreams(string group, string kind, string header)
    {
        var columns = TablePrinters.For(group, kind).Columns;
        Assert.Equal(header, string.Join(" ", columns.Select(c => c.Priority == 0 ? c.Name : c.Name + "(w)")));
        Assert.All(columns, c => Assert.False(string.IsNullOrEmpty(c.Description)));
    }

    [Fact]
    public void Columns_TypesAndFormats_AreUpstreams()
    {
        var ds = TablePrinters.For("apps", "DaemonSet").Columns;
        Assert.Equal(["string", "integer", "integer", "integer", "integer", "integer", "string", "string", "string", "string", "string"], ds.Select(c => c.Type));
        Assert.Equal("name", ds[0].Format);
        var events = TablePrinters.For("", "Event").Columns;
        Assert.Equal("name", events[^1].Format);
        Assert.All(events.SkipLast(1), c => Assert.Equal("", c.Format));
        Assert.Equal("string", TablePrinters.For("", "Pod").Columns[3].Type);
    }
}
