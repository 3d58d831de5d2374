using System.Text.Json.Nodes;
using Everynode.Api.OpenApi;
using k8s.Models;

namespace Everynode.Api.Tests.OpenApi;

/// <summary>The OpenAPI schemas generated from the model types: upstream's names, references and extensions.</summary>
public class SchemaGeneratorTests
{
    private const string Schemas = "#/components/schemas/";

    private static IReadOnlyDictionary<string, JsonObject> Generate(params Type[] roots)
    {
        var generator = new SchemaGenerator();
        foreach (var root in roots)
        {
            generator.Reference(root);
        }

        return generator.Complete();
    }

    private static JsonObject Property(IReadOnlyDictionary<string, JsonObject> schemas, string type, string field) =>
        schemas[type]["properties"]![field]!.AsObject();

    /// <summary>The $ref of a property, whether plain or wrapped in allOf (as upstream does to keep a description).</summary>
    private static string? RefOf(JsonNode? schema) =>
        schema?["$ref"]?.GetValue<string>() ?? schema?["allOf"]?[0]?["$ref"]?.GetValue<string>();

    [Theory]
    [InlineData(typeof(V1DaemonSet), "io.k8s.api.apps.v1.DaemonSet")]
    [InlineData(typeof(V1DaemonSetSpec), "io.k8s.api.apps.v1.DaemonSetSpec")]
    [InlineData(typeof(V1RollingUpdateDaemonSet), "io.k8s.api.apps.v1.RollingUpdateDaemonSet")]
    [InlineData(typeof(V1PodTemplateSpec), "io.k8s.api.core.v1.PodTemplateSpec")]
    [InlineData(typeof(V1ObjectMeta), "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")]
    [InlineData(typeof(V1LabelSelector), "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector")]
    [InlineData(typeof(Corev1Event), "io.k8s.api.core.v1.Event")]
    [InlineData(typeof(V1EventSource), "io.k8s.api.core.v1.EventSource")]
    [InlineData(typeof(V1ScaleIOVolumeSource), "io.k8s.api.core.v1.ScaleIOVolumeSource")]
    [InlineData(typeof(V1LeaseSpec), "io.k8s.api.coordination.v1.LeaseSpec")]
    [InlineData(typeof(V1Eviction), "io.k8s.api.policy.v1.Eviction")]
    [InlineData(typeof(IntOrString), "io.k8s.apimachinery.pkg.util.intstr.IntOrString")]
    [InlineData(typeof(ResourceQuantity), "io.k8s.apimachinery.pkg.api.resource.Quantity")]
    public void Names_AreUpstreams(Type type, string expected) => Assert.Equal(expected, SchemaNames.For(type));

    [Fact]
    public void DaemonSet_HasGroupVersionKindAndReferencesItsParts()
    {
        var schemas = Generate(typeof(V1DaemonSet));
        var ds = schemas["io.k8s.api.apps.v1.DaemonSet"];

        var gvk = Assert.Single(ds["x-kubernetes-group-version-kind"]!.AsArray())!;
        Assert.Equal(("apps", "v1", "DaemonSet"), (gvk["group"]!.GetValue<string>(), gvk["version"]!.GetValue<string>(), gvk["kind"]!.GetValue<string>()));
        Assert.Equal("object", ds["type"]!.GetValue<string>());
        Assert.Equal(Schemas + "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", RefOf(Property(schemas, "io.k8s.api.apps.v1.DaemonSet", "metadata")));
        Assert.Equal(Schemas + "io.k8s.api.apps.v1.DaemonSetSpec", RefOf(Property(schemas, "io.k8s.api.apps.v1.DaemonSet", "spec")));
        Assert.Equal(Schemas + "io.k8s.api.core.v1.PodTemplateSpec", RefOf(Property(schemas, "io.k8s.api.apps.v1.DaemonSetSpec", "template")));
        Assert.Equal(["selector", "template"], schemas["io.k8s.api.apps.v1.DaemonSetSpec"]["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Null(schemas["io.k8s.api.apps.v1.DaemonSetSpec"]["x-kubernetes-group-version-kind"]);
    }

    [Fact]
    public void DaemonSet_EveryReferenceIsDefined()
    {
        var schemas = Generate(typeof(V1DaemonSet), typeof(V1Pod), typeof(V1Node), typeof(Corev1Event), typeof(V1Lease));
        var refs = schemas.Values.SelectMany(s => Descendants(s)).OfType<JsonValue>()
            .Where(v => v.GetPath().EndsWith("['$ref']", StringComparison.Ordinal) || v.GetPath().EndsWith(".$ref", StringComparison.Ordinal))
            .Select(v => v.GetValue<string>()).Distinct().ToList();

        Assert.NotEmpty(refs);
        Assert.All(refs, r => Assert.Contains(r[Schemas.Length..], schemas.Keys));
    }

    [Fact]
    public void Containers_CarryTheMergeKeyAndListType()
    {
        var containers = Property(Generate(typeof(V1PodSpec)), "io.k8s.api.core.v1.PodSpec", "containers");

        Assert.Equal("array", containers["type"]!.GetValue<string>());
        Assert.Equal(Schemas + "io.k8s.api.core.v1.Container", RefOf(containers["items"]));
        Assert.Equal("name", containers["x-kubernetes-patch-merge-key"]!.GetValue<string>());
        Assert.Equal("merge", containers["x-kubernetes-patch-strategy"]!.GetValue<string>());
        Assert.Equal("map", containers["x-kubernetes-list-type"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(containers["description"]?.GetValue<string>()));
    }

    [Fact]
    public void RollingUpdate_UsesIntOrString_WithDescriptions()
    {
        var schemas = Generate(typeof(V1DaemonSet));
        var maxSurge = Property(schemas, "io.k8s.api.apps.v1.RollingUpdateDaemonSet", "maxSurge");
        var intOrString = schemas[SchemaNames.IntOrString];

        Assert.Equal(Schemas + SchemaNames.IntOrString, RefOf(maxSurge));
        Assert.StartsWith("The maximum number of nodes with an existing available DaemonSet pod", maxSurge["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(intOrString["x-kubernetes-int-or-string"]!.GetValue<bool>());
        Assert.Equal("string", intOrString["type"]!.GetValue<string>());
    }

    [Fact]
    public void ScalarsAndTimes_AreStringsWithUpstreamFormats()
    {
        var schemas = Generate(typeof(V1Pod), typeof(V1Lease));

        Assert.Equal("string", schemas[SchemaNames.Quantity]["type"]!.GetValue<string>());
        Assert.Equal("date-time", schemas[SchemaNames.Time]["format"]!.GetValue<string>());
        Assert.Equal(Schemas + SchemaNames.Time, RefOf(Property(schemas, "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "creationTimestamp")));
        Assert.Equal(Schemas + SchemaNames.MicroTime, RefOf(Property(schemas, "io.k8s.api.coordination.v1.LeaseSpec", "renewTime")));
        var labels = Property(schemas, "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "labels");
        Assert.Equal("string", labels["additionalProperties"]!["type"]!.GetValue<string>());
        var limits = Property(schemas, "io.k8s.api.core.v1.ResourceRequirements", "limits");
        Assert.Equal(Schemas + SchemaNames.Quantity, RefOf(limits["additionalProperties"]));
        Assert.Equal("int32", Property(schemas, "io.k8s.api.core.v1.ContainerPort", "containerPort")["format"]!.GetValue<string>());
    }

    [Fact]
    public void OwnerReferences_UseUidAsMergeKey_AndLabelSelectorIsAtomic()
    {
        var schemas = Generate(typeof(V1ObjectMeta), typeof(V1LabelSelector));

        var owners = Property(schemas, "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "ownerReferences");
        Assert.Equal("uid", owners["x-kubernetes-patch-merge-key"]!.GetValue<string>());
        Assert.Equal("atomic", schemas["io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"]["x-kubernetes-map-type"]!.GetValue<string>());
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(kv => kv.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>().SelectMany(Descendants))
        {
            yield return child;
        }
    }
}
