using Everynode.ApiServer.Protobuf;
using Google.Protobuf;

namespace Everynode.ApiServer.Tests.Protobuf;

/// <summary>
/// The kinds kubectl's typed clients send as protobuf besides Namespaces and Deployments, encoded here with upstream's
/// field numbers (k8s.io/api generated.proto) as Go's marshaller writes them, decoded to the JSON the server stores.
/// </summary>
public sealed class ProtobufKindsTests
{
    public static TheoryData<string, string, byte[], string> Bodies => new()
    {
        {
            "rbac.authorization.k8s.io/v1", "ClusterRole",
            Message(M(1, Message(S(1, "pod-reader"))), M(2, Message(S(1, "get"), S(1, "list"), S(2, ""), S(3, "pods")))),
            """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"pod-reader"},"rules":[{"verbs":["get","list"],"apiGroups":[""],"resources":["pods"]}]}"""
        },
        {
            "rbac.authorization.k8s.io/v1", "Role",
            Message(M(1, Message(S(1, "empty"), S(3, "team-a")))),
            """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"empty","namespace":"team-a"},"rules":[]}"""
        },
        {
            "rbac.authorization.k8s.io/v1", "ClusterRole",
            Message(M(1, Message(S(1, "agg"))), M(3, Message(M(1, Message(M(1, Message(S(1, "rbac.example.com/aggregate"), S(2, "true")))))))),
            """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"agg"},"aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"rbac.example.com/aggregate":"true"}}]},"rules":[]}"""
        },
        {
            "rbac.authorization.k8s.io/v1", "RoleBinding",
            Message(
                M(1, Message(S(1, "jane-reads"), S(3, "team-a"))),
                M(2, Message(S(1, "User"), S(2, "rbac.authorization.k8s.io"), S(3, "jane"), S(4, ""))),
                M(2, Message(S(1, "ServiceAccount"), S(2, ""), S(3, "bot"), S(4, "team-a"))),
                M(3, Message(S(1, "rbac.authorization.k8s.io"), S(2, "Role"), S(3, "pod-reader")))),
            """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"jane-reads","namespace":"team-a"},"subjects":[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"jane"},{"kind":"ServiceAccount","name":"bot","namespace":"team-a"}],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"pod-reader"}}"""
        },
        {
            "v1", "Secret",
            Message(M(1, Message(S(1, "creds"))), M(2, Message(S(1, "token"), B(2, [0x00, 0xff, 0x41]))), S(3, "Opaque"), M(4, Message(S(1, "user"), S(2, "jane"))), V(5, 1)),
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"creds"},"data":{"token":"AP9B"},"type":"Opaque","stringData":{"user":"jane"},"immutable":true}"""
        },
        {
            "v1", "Secret",
            Message(M(1, Message(S(1, "untyped"))), S(3, "")),
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"untyped"},"type":""}"""
        },
        {
            "v1", "ConfigMap",
            Message(M(1, Message(S(1, "settings"))), M(2, Message(S(1, "mode"), S(2, "fast"))), M(3, Message(S(1, "blob"), B(2, [0x01, 0x02])))),
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},"data":{"mode":"fast"},"binaryData":{"blob":"AQI="}}"""
        },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Decode_KubectlCreateBody_GivesTheObjectAsJson(string apiVersion, string kind, byte[] raw, string json)
    {
        Assert.Equal(json, ProtobufBodyDecoder.Decode(Envelope(apiVersion, kind, raw)).ToJsonString());
    }

    [Fact]
    public void Decode_ObjectMetaFieldsTheServerOwns_AreSkipped()
    {
        // uid (5) and resourceVersion (6) are the server's; a client's values are not read.
        var raw = Message(M(1, Message(S(1, "x"), S(5, "some-uid"), S(6, "42"))));
        Assert.Equal("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}""", ProtobufBodyDecoder.Decode(Envelope("v1", "ConfigMap", raw)).ToJsonString());
    }

    [Fact]
    public void DecodeReview_SubjectAccessReview_ReadsTheSpecOnly()
    {
        var raw = Message(
            M(1, Message(S(1, "ignored"))),
            M(2, Message(
                M(1, Message(S(1, "team-a"), S(2, "get"), S(3, ""), S(4, ""), S(5, "pods"), S(6, ""), S(7, ""))),
                S(3, "jane"),
                S(4, "devs"),
                S(4, "system:authenticated"),
                S(6, ""))));

        var review = ProtobufBodyDecoder.DecodeReview(Envelope("authorization.k8s.io/v1", "SubjectAccessReview", raw), "SubjectAccessReview");

        Assert.Equal(
            """{"spec":{"resourceAttributes":{"namespace":"team-a","verb":"get","group":"","version":"","resource":"pods","subresource":"","name":""},"user":"jane","groups":["devs","system:authenticated"],"uid":""}}""",
            review.ToJsonString());
    }

    [Fact]
    public void DecodeReview_SelfSubjectRulesReviewWithoutSpec_GivesAnEmptySpec()
    {
        Assert.Equal("""{"spec":{"namespace":"team-a"}}""", ProtobufBodyDecoder.DecodeReview(
            Envelope("authorization.k8s.io/v1", "SelfSubjectRulesReview", Message(M(2, Message(S(1, "team-a"))))), "SelfSubjectRulesReview").ToJsonString());
        Assert.Equal("""{"spec":{}}""", ProtobufBodyDecoder.DecodeReview(
            Envelope("authorization.k8s.io/v1", "SelfSubjectRulesReview", []), "SelfSubjectRulesReview").ToJsonString());
    }

    private static byte[] Envelope(string apiVersion, string kind, byte[] raw) =>
        [.. "k8s\0"u8, .. Message(M(1, Message(S(1, apiVersion), S(2, kind))), B(2, raw))];

    private static byte[] Message(params Action<CodedOutputStream>[] fields)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            foreach (var field in fields)
            {
                field(output);
            }
        }

        return buffer.ToArray();
    }

    private static Action<CodedOutputStream> S(int field, string value) => o =>
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteString(value);
    };

    private static Action<CodedOutputStream> B(int field, byte[] value) => o =>
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(ByteString.CopyFrom(value));
    };

    private static Action<CodedOutputStream> M(int field, byte[] message) => B(field, message);

    private static Action<CodedOutputStream> V(int field, ulong value) => o =>
    {
        o.WriteTag(field, WireFormat.WireType.Varint);
        o.WriteUInt64(value);
    };
}
