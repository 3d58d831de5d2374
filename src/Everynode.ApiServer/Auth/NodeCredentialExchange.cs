using System.Text.Json.Nodes;
using Everynode.Api.Authentication;
using Everynode.Api.Authorization;
using Everynode.Api.Validation;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.Registry;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Auth;

/// <summary>
/// <c>POST /everynode/v1/node-credentials</c> with a join token: <c>{"nodeName": "NAME"}</c> → a new credential for
/// that node (user <c>system:node:NAME</c>, group <c>system:nodes</c>) and the token the server will present to
/// the node's agent. Only holders of a join token (or cluster admins) may call it. A node that already has a
/// credential gets 409: taking over another node's name needs an administrator to delete
/// <c>kube-system/node-credential-NAME</c> first, so a leaked join token cannot impersonate an existing node.
/// </summary>
internal sealed class NodeCredentialExchange(GenericRegistry registry)
{
    public const string Path = "/everynode/v1/node-credentials";

    public async Task HandleAsync(HttpContext ctx, CancellationToken ct)
    {
        if (ctx.Request.Method != "POST")
        {
            throw ApiException.MethodNotAllowed();
        }

        var user = UserInfo.Get(ctx) ?? throw ApiException.Unauthorized();
        if (!user.Groups.Contains(BootstrapToken.Group) && !user.Groups.Contains(BootstrapPolicy.MastersGroup))
        {
            throw RequestAuthorizer.ForbiddenStatus("", "", "", $"User \"{user.Name}\" cannot create path \"{Path}\": only a join token may be exchanged for a node credential");
        }

        var body = RequestBody.ParseDocument(await RequestBody.ReadBytesAsync(ctx, ct), "application/json") as JsonObject
            ?? throw ApiException.BadRequest("the request body must be a JSON object");
        var node = body["nodeName"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
        var problems = node.Length == 0 ? ["must be set"] : NameValidators.DnsSubdomain(node, false);
        if (problems.Count > 0 || node.Length > 253 - NodeCredential.SecretPrefix.Length)
        {
            throw new ApiException(422, "Invalid", $"nodeName: Invalid value: \"{node}\": {(problems.Count > 0 ? string.Join("; ", problems) : "too long")}");
        }

        var secret = NodeCredential.NewSecret();
        var serving = NodeCredential.NewSecret();
        var issuer = user.Name.StartsWith(BootstrapToken.UserPrefix, StringComparison.Ordinal) ? user.Name[BootstrapToken.UserPrefix.Length..] : user.Name;
        var secrets = registry.Resources.Find("", "v1", "secrets")!;
        try
        {
            await registry.CreateAsync(secrets, BootstrapToken.SecretNamespace, NodeCredential.ToSecret(node, secret, serving, issuer), dryRun: false, ct);
        }
        catch (ApiException e) when (e.Code == 409)
        {
            throw new ApiException(409, "AlreadyExists",
                $"node \"{node}\" already has a credential; an administrator must delete secret {BootstrapToken.SecretNamespace}/{NodeCredential.SecretName(node)} before it can join again",
                new V1StatusDetails { Name = node, Kind = "nodes" });
        }

        var answer = new JsonObject
        {
            ["kind"] = "NodeCredential",
            ["apiVersion"] = "everynode.io/v1",
            ["nodeName"] = node,
            ["user"] = NodeIdentity.UserName(node),
            ["token"] = NodeCredential.Token(node, secret),
            ["servingToken"] = serving,
        };
        await Responses.WriteJsonAsync(ctx, 201, System.Text.Encoding.UTF8.GetBytes(answer.ToJsonString()), ct);
    }
}
