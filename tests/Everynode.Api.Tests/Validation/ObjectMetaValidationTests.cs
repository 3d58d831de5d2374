using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.Tests.Validation;

public sealed class ObjectMetaValidationTests
{
    private const string NamePartMsg =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private static string[] Validate(V1ObjectMeta meta) =>
        ObjectMetaValidation.ValidateCreate(meta, namespaced: true, NameValidators.DnsSubdomain).Select(e => e.ToString()).ToArray();

    private static V1ObjectMeta Meta() => new() { Name = "a", NamespaceProperty = "default" };

    public static TheoryData<string, Action<V1ObjectMeta>, string[]> Cases => new()
    {
        { "valid", _ => { }, [] },
        { "missing name", m => m.Name = null, ["metadata.name: Required value: name or generateName is required"] },
        { "missing namespace", m => m.NamespaceProperty = null, ["metadata.namespace: Required value"] },
        {
            "label value too long",
            m => m.Labels = new Dictionary<string, string> { ["k"] = new string('a', 64) },
            ["metadata.labels: Invalid value: \"" + new string('a', 64) + "\": must be no more than 63 characters"]
        },
        { "label key with bad name part", m => m.Labels = new Dictionary<string, string> { ["a/-b"] = "" }, ["metadata.labels: Invalid value: \"a/-b\": " + NamePartMsg] },
        { "label key with empty prefix", m => m.Labels = new Dictionary<string, string> { ["/b"] = "" }, ["metadata.labels: Invalid value: \"/b\": prefix part must be non-empty"] },
        { "upper-case annotation key is fine", m => m.Annotations = new Dictionary<string, string> { ["Example.com/Key"] = "v" }, [] },
        {
            "annotations over 256 KiB",
            m => m.Annotations = new Dictionary<string, string> { ["k"] = new string('x', 256 * 1024) },
            ["metadata.annotations: Too long: must have at most 262144 bytes"]
        },
        {
            "owner reference without version, kind, name and uid",
            m => m.OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/" }],
            [
                "metadata.ownerReferences.apiVersion: Invalid value: \"apps/\": version must not be empty",
                "metadata.ownerReferences.kind: Invalid value: \"\": must not be empty",
                "metadata.ownerReferences.name: Invalid value: \"\": must not be empty",
                "metadata.ownerReferences.uid: Invalid value: \"\": must not be empty",
            ]
        },
        {
            "unqualified non-standard finalizer",
            m => m.Finalizers = ["cleanup"],
            ["metadata.finalizers[0]: Invalid value: \"cleanup\": name is neither a standard finalizer name nor is it fully qualified"]
        },
        {
            "orphan together with foregroundDeletion",
            m => m.Finalizers = ["orphan", "foregroundDeletion"],
            ["metadata.finalizers: Invalid value: []string{\"orphan\", \"foregroundDeletion\"}: finalizer orphan and foregroundDeletion cannot be both set"]
        },
        { "negative generation", m => m.Generation = -1, ["metadata.generation: Invalid value: -1: must be greater than or equal to 0"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ValidateCreate_ReportsUpstreamErrors(string description, Action<V1ObjectMeta> mutate, string[] expected)
    {
        Assert.NotNull(description);
        var meta = Meta();
        mutate(meta);

        Assert.Equal(expected, Validate(meta));
    }

    [Fact]
    public void ValidateUpdate_NewFinalizerWhileDeleting_IsForbidden()
    {
        var old = Meta();
        old.DeletionTimestamp = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var meta = Meta();
        meta.DeletionTimestamp = old.DeletionTimestamp;
        meta.Finalizers = ["example.com/x"];

        var errors = ObjectMetaValidation.ValidateUpdate(meta, old).Select(e => e.ToString());

        Assert.Equal(["metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"example.com/x\"}"], errors);
    }

    [Theory]
    [InlineData("my-name", new string[0])]
    [InlineData("a.b", new[] { "must not contain dots" })]
    [InlineData("Upper", new[] { "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')" })]
    [InlineData("trailing-\n", new[] { "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')" })]
    public void IsDns1123Label_MatchesUpstream(string value, string[] expected) =>
        Assert.Equal(expected, FormatChecks.IsDns1123Label(value));

    [Fact]
    public void InvalidObjectException_DeduplicatesRepeatedMessages()
    {
        var e = FieldError.Required("spec.x");

        Assert.Equal("Pod \"p\" is invalid: spec.x: Required value", InvalidObjectException.FormatMessage("Pod", "", "p", [e, e]));
    }
}
