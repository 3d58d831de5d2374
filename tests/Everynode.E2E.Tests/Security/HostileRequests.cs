using System.Text;

namespace Everynode.E2E.Tests.Security;

/// <summary>One generated request: its shape (what kind of hostility, for the figures) and what is sent.</summary>
internal sealed record HostileRequest(string Shape, HttpMethod Method, string Path, string? Body, string ContentType, string? Token = null);

/// <summary>
/// Generates malformed and adversarial requests from a seed: broken JSON and YAML, deep nesting, huge strings,
/// wrong types, unknown fields, strategic-merge directives in the wrong places, JSON patch garbage, selector and
/// query garbage, path traversal in names, hostPath escapes, bad tokens. Every write stays in the namespace
/// <c>fuzz</c> or on cluster-scoped names starting with <c>fuzz</c>, so data elsewhere must come out unchanged.
/// </summary>
internal sealed class HostileRequests(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly string[] Collections =
    [
        "/api/v1/namespaces/fuzz/pods", "/apis/apps/v1/namespaces/fuzz/daemonsets", "/api/v1/namespaces/fuzz/secrets",
        "/api/v1/namespaces/fuzz/events", "/apis/coordination.k8s.io/v1/namespaces/fuzz/leases",
        "/apis/policy/v1/namespaces/fuzz/poddisruptionbudgets", "/apis/rbac.authorization.k8s.io/v1/namespaces/fuzz/rolebindings",
        "/apis/rbac.authorization.k8s.io/v1/namespaces/fuzz/roles", "/api/v1/nodes", "/api/v1/namespaces",
        "/apis/rbac.authorization.k8s.io/v1/clusterroles", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
        "/apis/authorization.k8s.io/v1/subjectaccessreviews",
    ];

    private static readonly string[] Names =
    [
        "fuzz-a", "..", ".", "%2e%2e", "..%2f..%2fetc%2fpasswd", "fuzz%00x", "fuzz-%E2%98%83", "FUZZ", "fuzz_underscore",
        new string('f', 300), "fuzz-" + new string('a', 250), "-fuzz", "fuzz.", "fuzz..x", "fuzz%2fslash", "%", "fuzz%20space",
    ];

    private static readonly string[] SelectorGarbage =
    [
        "labelSelector=a%20in%20(", "labelSelector=!!", "labelSelector=a=b,,", "labelSelector=x%20notin%20()", "labelSelector=%3D%3D%3D",
        "labelSelector=" + new string('a', 5000) + "=b", "fieldSelector=spec.nodeName==", "fieldSelector=metadata.name=a=b",
        "fieldSelector=nope=x", "fieldSelector=%21", "limit=-1", "limit=abc", "limit=99999999999999999999", "continue=garbage",
        "continue=eyJydiI6LTF9", "resourceVersion=abc", "resourceVersion=-5", "resourceVersion=99999999999999999999",
        "resourceVersionMatch=Exact", "resourceVersionMatch=bogus&resourceVersion=1", "timeoutSeconds=-5", "watch=true&resourceVersion=zz",
        "watch=true&timeoutSeconds=abc", "dryRun=Maybe", "fieldValidation=Paranoid", "fieldManager=" + new string('m', 200),
        "propagationPolicy=Sideways", "gracePeriodSeconds=-100", "includeObject=Everything", "sendInitialEvents=maybe",
    ];

    private static readonly string[] BrokenJson =
    [
        "{", "}", "[", "{\"apiVersion\":", "{\"a\":1,}", "nul", "\"just a string\"", "12", "true", "[]", "{\"metadata\":{\"name\":\"fuzz-x\"}",
        "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"fuzz-dup\",\"name\":\"other\"}}", "\u0000\u0001\u0002", "{\"\\ud800\":1}",
        "{\"a\":\"\\u12\"}", "{\"a\":1e99999}", "{\"a\":-}", "\uFEFF{}",
    ];

    private static readonly string[] BrokenYaml =
    [
        "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: tab", "a: [1, 2", "a: 'unclosed", "- - - -\n  : :", "? complex\n: key",
        "a: &x [*x]", "a: !!binary ====", "a: !custom 1", "%YAML 9.9\n---\na: 1", "---\na: 1\n---\nb: 2", "key: *undefined",
        "a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
    ];

    private static readonly string[] WrongTypes =
    [
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":\"fuzz-a\"}",
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":5}}",
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"fuzz-t\",\"labels\":{\"a\":1}}}",
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"fuzz-t\",\"labels\":[\"a\"]},\"spec\":[]}",
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"fuzz-t\"},\"spec\":{\"containers\":{}}}",
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"fuzz-t\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"b\",\"ports\":[{\"containerPort\":\"eighty\"}]}]}}",
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"fuzz-t\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"b\",\"resources\":{\"limits\":{\"cpu\":\"lots\"}}}]}}",
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"fuzz-t\",\"creationTimestamp\":\"yesterday\"}}",
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"fuzz-t\"},\"spec\":{\"terminationGracePeriodSeconds\":1e30}}",
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"fuzz-t\"},\"spec\":{\"activeDeadlineSeconds\":-9223372036854775808}}",
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"DaemonSet\",\"metadata\":{\"name\":\"fuzz-t\"},\"spec\":{\"selector\":\"all\"}}",
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"DaemonSet\",\"metadata\":{\"name\":\"fuzz-t\"},\"spec\":{\"selector\":{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Sometimes\"}]},\"template\":{}}}",
        "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"fuzz-t\"},\"data\":{\"k\":\"not base64!!\"}}",
        "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"fuzz-t\"},\"data\":{\"../k\":\"YQ==\"}}",
        "{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"RoleBinding\",\"metadata\":{\"name\":\"fuzz-t\"},\"roleRef\":{\"kind\":\"Nope\"},\"subjects\":[{}]}",
        "{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"Role\",\"metadata\":{\"name\":\"fuzz-t\"},\"rules\":[{\"verbs\":\"get\"}]}",
        "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"fuzz-t\"},\"spec\":{\"taints\":[{\"effect\":\"Sometimes\"}]}}",
        "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\",\"spec\":{\"resourceAttributes\":[]}}",
        "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SubjectAccessReview\",\"spec\":{\"groups\":\"x\",\"user\":7}}",
        "{\"apiVersion\":\"v2\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"fuzz-t\"}}",
        "{\"apiVersion\":\"v1\",\"kind\":\"Elephant\",\"metadata\":{\"name\":\"fuzz-t\"}}",
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"fuzz-t\",\"namespace\":\"kube-system\"}}",
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"fuzz-u\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"b\"}],\"unknownField\":1},\"extra\":{\"deep\":[1]}}",
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"fuzz-hp\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"b\",\"volumeMounts\":[{\"name\":\"v\",\"mountPath\":\"../../../etc\"}]}],\"volumes\":[{\"name\":\"v\",\"hostPath\":{\"path\":\"/../../etc/../\",\"type\":\"Sideways\"}}]}}",
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"fuzz-hp2\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"b\"}],\"volumes\":[{\"name\":\"v\",\"hostPath\":{\"path\":\"relative/../../x\"}}]}}",
    ];

    private static readonly string[] PatchGarbage =
    [
        "{\"$patch\":\"delete\"}", "{\"$patch\":\"replace\"}", "{\"$patch\":\"explode\"}", "{\"metadata\":{\"$patch\":7}}",
        "{\"metadata\":{\"$setElementOrder/labels\":[{\"a\":1}]}}", "{\"spec\":{\"containers\":[{\"$patch\":\"replace\"}]}}",
        "{\"spec\":{\"containers\":[{\"$patch\":\"delete\",\"name\":5}]}}", "{\"spec\":{\"$retainKeys\":5}}", "{\"spec\":{\"$retainKeys\":[\"nope\"]}}",
        "{\"spec\":{\"containers\":[{\"name\":\"c\",\"$deleteFromPrimitiveList/args\":\"x\"}]}}", "{\"$setElementOrder/spec\":[]}",
        "{\"spec\":{\"$setElementOrder/containers\":[{\"nome\":\"c\"}]}}", "{\"metadata\":{\"labels\":{\"$patch\":\"delete\"}}}", "[]", "null",
        "{\"metadata\":{\"name\":\"renamed\"}}", "{\"metadata\":{\"resourceVersion\":\"1\"}}", "{\"metadata\":{\"uid\":\"x\"}}",
    ];

    private static readonly string[] JsonPatchGarbage =
    [
        "[{\"op\":\"add\",\"path\":\"/a/~2\",\"value\":1}]", "[{\"op\":\"move\",\"from\":\"/nope\",\"path\":\"/x\"}]",
        "[{\"op\":\"add\",\"path\":\"/spec/containers/99999999999\",\"value\":{}}]", "[{\"op\":\"remove\",\"path\":\"/\"}]",
        "[{\"op\":\"replace\",\"path\":\"\",\"value\":[]}]", "[{\"op\":\"test\",\"path\":\"/metadata/name\",\"value\":\"no\"}]",
        "[{\"op\":\"copy\",\"from\":\"/spec\",\"path\":\"/spec/x\"}]", "[{\"op\":\"dance\"}]", "[{}]", "{\"op\":\"add\"}",
        "[{\"op\":\"add\",\"path\":\"/metadata/labels/a\",\"value\":{\"deep\":[]}}]", "[{\"op\":\"add\",\"path\":\"/spec/containers/-\",\"value\":\"str\"}]",
    ];

    public HostileRequest Next()
    {
        var collection = Pick(Collections);
        var item = collection + "/" + Pick(Names);
        var json = "application/json";
        switch (_random.Next(13))
        {
            case 0:
                return new("broken-json", Pick([HttpMethod.Post, HttpMethod.Put]), Pick([collection, item]), Pick(BrokenJson), json);
            case 1:
                return new("broken-yaml", HttpMethod.Post, collection, Pick(BrokenYaml), "application/yaml");
            case 2:
                return new("deep-nesting", HttpMethod.Post, collection, Nested(_random.Next(2) == 0 ? 200 : 20000), json);
            case 3:
                return new("huge-string", HttpMethod.Post, collection, Huge(), json);
            case 4:
                return new("wrong-types", Pick([HttpMethod.Post, HttpMethod.Put]), Pick([collection, "/api/v1/namespaces/fuzz/pods/fuzz-a"]), Pick(WrongTypes), json);
            case 5:
                return new("unknown-fields", HttpMethod.Post, collection + "?fieldValidation=" + Pick(["Strict", "Warn", "Ignore"]), Pick(WrongTypes), json);
            case 6:
                return new("smp-directives", HttpMethod.Patch, Pick(["/api/v1/namespaces/fuzz/pods/fuzz-a", "/apis/apps/v1/namespaces/fuzz/daemonsets/fuzz-ds", "/api/v1/nodes/fuzz-node"]),
                    Pick(PatchGarbage), Pick(["application/strategic-merge-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"]));
            case 7:
                return new("json-patch", HttpMethod.Patch, "/api/v1/namespaces/fuzz/pods/fuzz-a", Pick(JsonPatchGarbage), "application/json-patch+json");
            case 8:
                return new("selector-garbage", HttpMethod.Get, collection + "?" + Pick(SelectorGarbage), null, json);
            case 9:
                return new("path-traversal", Pick([HttpMethod.Get, HttpMethod.Delete, HttpMethod.Put, HttpMethod.Patch]), Traversal(), "{}", "application/merge-patch+json");
            case 10:
                return new("bad-media", Pick([HttpMethod.Post, HttpMethod.Patch]), Pick([collection, item]), "\u0000k8s\u0000garbage",
                    Pick(["application/vnd.kubernetes.protobuf", "text/plain", "application/xml", "", "application/json; charset=utf-16"]));
            case 11:
                return new("bad-token", HttpMethod.Get, collection, null, json, Pick(["", "Bearer", "abc.def", "everynode-node..x", "everynode-node.n.", new string('t', 10000), "aaaaaa.bbbbbbbbbbbbbbbb"]));
            default:
                return new("odd-methods", Pick([HttpMethod.Put, HttpMethod.Delete, HttpMethod.Options, HttpMethod.Head, new HttpMethod("PROPFIND")]),
                    Pick(["/api", "/apis/apps", "/api/v1/namespaces/fuzz/pods/fuzz-a/status/extra", "/api/v1/namespaces/fuzz/pods/fuzz-a/exec", "/openapi/v3/../../etc", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews/x"]),
                    "{}", json);
        }
    }

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private static string Nested(int depth)
    {
        var sb = new StringBuilder("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"fuzz-deep\",\"annotations\":{\"a\":\"b\"}},\"spec\":");
        for (var i = 0; i < depth; i++)
        {
            sb.Append(i % 2 == 0 ? "{\"x\":" : "[");
        }

        sb.Append('1');
        for (var i = depth - 1; i >= 0; i--)
        {
            sb.Append(i % 2 == 0 ? '}' : ']');
        }

        return sb.Append('}').ToString();
    }

    private string Huge()
    {
        var size = Pick([70_000, 300_000, 1_200_000, 2_000_000, 3_500_000]);
        var big = new string('x', size);
        return Pick(
        [
            $"{{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{{\"name\":\"{big}\"}}}}",
            $"{{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{{\"name\":\"fuzz-big\",\"labels\":{{\"a\":\"{big}\"}}}}}}",
            $"{{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{{\"name\":\"fuzz-big\",\"annotations\":{{\"a\":\"{big}\"}}}},\"spec\":{{\"containers\":[{{\"name\":\"c\",\"image\":\"b\"}}]}}}}",
            $"{{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{{\"name\":\"fuzz-big\"}},\"stringData\":{{\"k\":\"{big}\"}}}}",
            $"{{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{{\"name\":\"fuzz-big\"}},\"spec\":{{\"containers\":[{{\"name\":\"c\",\"image\":\"b\",\"args\":[\"{big}\"]}}]}}}}",
        ]);
    }

    private string Traversal() => Pick(
    [
        "/api/v1/namespaces/../pods", "/api/v1/namespaces/fuzz/pods/../../../kube-system/pods/x", "/api/v1/namespaces/%2e%2e/pods/x",
        "/api/v1/namespaces/fuzz/pods/%2e%2e%2fsecrets", "/api/v1/namespaces/fuzz/pods//x", "/api/v1/namespaces/fuzz/pods/x%00y",
        "/apis/../api/v1/pods", "/api/v1/namespaces/fuzz/secrets/..%252f..%252fadmin", "/api/v1/nodes/..", "/api/v1/namespaces/fuzz/pods/%",
        "/apis/apps/v1/namespaces/fuzz/daemonsets/fuzz-ds/status/../../..", "/api/v1/namespaces/" + new string('n', 400) + "/pods",
    ]);
}
