using System.Net;
using Google.Protobuf;

namespace Everynode.ApiServer.Tests.Discovery;

/// <summary>
/// <c>/openapi/v2</c>: the protobuf document kubectl 1.27 and 1.28 fetch before validating apply and create. Read
/// here field by field with upstream's numbers (gnostic openapi.v2: Document.paths 8, Paths.path 2, PathItem.patch 8,
/// Operation.parameters 8 and vendor_extension 13).
/// </summary>
public sealed class OpenApiV2Tests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    [Fact]
    public async Task OpenApiV2_DaemonSetPatch_CarriesItsGroupVersionKindAndTheFieldValidationParameter()
    {
        using var request = server.AuthorizedRequest(HttpMethod.Get, "/openapi/v2");
        request.Headers.TryAddWithoutValidation("Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", response.Content.Headers.ContentType?.MediaType);
        var document = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("2.0", Strings(document, 1).Single());
        var paths = Messages(document, 8).Single();
        var daemonSet = Messages(paths, 2).Single(p => Strings(p, 1).Single() == "/apis/apps/v1/namespaces/{namespace}/daemonsets/{name}");
        var patch = Messages(Messages(daemonSet, 2).Single(), 8).Single();
        var extension = Messages(patch, 13).Single();
        Assert.Equal("x-kubernetes-group-version-kind", Strings(extension, 1).Single());
        Assert.Equal("group: \"apps\"\nkind: DaemonSet\nversion: v1\n", Strings(Messages(extension, 2).Single(), 2).Single());
        var queryNames = Messages(patch, 8).Select(item => Messages(Messages(Messages(item, 1).Single(), 2).Single(), 3).Single()).Select(q => Strings(q, 4).Single());
        Assert.Contains("fieldValidation", queryNames);
    }

    /// <summary>
    /// The document's bytes are pinned, so a change of encoder cannot change what kubectl reads; a change of the served
    /// resources changes them on purpose (then pin the new hash).
    /// </summary>
    [Fact]
    public void Build_DefaultResources_IsByteForByteTheDocumentServedSinceItWasIntroduced()
    {
        var document = Everynode.ApiServer.OpenApi.OpenApiV2Document.Build(new Everynode.ApiServer.OpenApi.OpenApiDocuments(Everynode.Api.Resources.ResourceRegistry.CreateDefault()));

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(document));
        Assert.True(hash == "d173468b86f2d855b40baf06fe584644c037484d33bd311c761fedc964bab143", hash);
    }

    private static List<byte[]> Messages(byte[] message, int field)
    {
        var found = new List<byte[]>();
        var reader = new CodedInputStream(message);
        uint tag;
        while ((tag = reader.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found.Add(reader.ReadBytes().ToByteArray());
            }
            else
            {
                reader.SkipLastField();
            }
        }

        return found;
    }

    private static IEnumerable<string> Strings(byte[] message, int field) => Messages(message, field).Select(b => System.Text.Encoding.UTF8.GetString(b));
}
