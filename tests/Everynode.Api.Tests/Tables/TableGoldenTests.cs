using System.Text.Json;
using System.Text.Json.Nodes;
using Everynode.Api.Tables;
using k8s;
using k8s.Models;

namespace Everynode.Api.Tests.Tables;

/// <summary>
/// Each folder under testdata/tables holds an object (input.json) and the cells upstream's printer gives it
/// (expected.json) at <see cref="Now"/>.
/// </summary>
public sealed class TableGoldenTests
{
    public static readonly DateTime Now = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(CasesDirectory()).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Print_GivesUpstreamsCells(string testCase)
    {
        var dir = Path.Combine(CasesDirectory(), testCase);
        var input = File.ReadAllText(Path.Combine(dir, "input.json"));
        var obj = Decode(input);
        var printer = TablePrinters.For(obj.ApiGroup(), obj.Kind);

        var row = printer.Print(obj, Now);

        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "expected.json")))!;
        var actual = new JsonArray([.. row.Cells.Select(c => JsonValue.Create(c))]);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{testCase}: expected {expected.ToJsonString()}, got {actual.ToJsonString()}");
        Assert.Equal(printer.Columns.Count, row.Cells.Count);
    }

    private static IKubernetesObject<V1ObjectMeta> Decode(string json)
    {
        var kind = JsonNode.Parse(json)!["kind"]!.GetValue<string>();
        return kind switch
        {
            "Pod" => KubernetesJson.Deserialize<V1Pod>(json),
            "Node" => KubernetesJson.Deserialize<V1Node>(json),
            "Namespace" => KubernetesJson.Deserialize<V1Namespace>(json),
            "Event" => KubernetesJson.Deserialize<Corev1Event>(json),
            "DaemonSet" => KubernetesJson.Deserialize<V1DaemonSet>(json),
            "ControllerRevision" => KubernetesJson.Deserialize<V1ControllerRevision>(json),
            "Lease" => KubernetesJson.Deserialize<V1Lease>(json),
            _ => throw new JsonException("no printer test for kind " + kind),
        };
    }

    private static string CasesDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Everynode.Api.Tests.csproj")))
            {
                return Path.Combine(dir.FullName, "testdata", "tables");
            }
        }

        throw new DirectoryNotFoundException("tests/Everynode.Api.Tests/testdata/tables not found above " + AppContext.BaseDirectory);
    }
}
