using System.Text.Json.Nodes;
using Everynode.Api.Authorization;
using Everynode.Api.Resources;
using Everynode.ApiServer.Http;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Auth;

/// <summary>
/// The authorization.k8s.io/v1 reviews, answered and never stored: SelfSubjectAccessReview (<c>kubectl auth can-i</c>),
/// SubjectAccessReview and LocalSubjectAccessReview (for someone else), SelfSubjectRulesReview
/// (<c>kubectl auth can-i --list</c>). kubectl sends them as protobuf; JSON and YAML work as everywhere.
/// </summary>
internal sealed class AccessReviews(RequestAuthorizer authorizer)
{
    public async Task CreateAsync(HttpContext ctx, ResourceInfo r, string? ns, CancellationToken ct)
    {
        if (r.Kind == "SelfSubjectReview")
        {
            await SelfSubjectReviews.CreateAsync(ctx, r, ct);
            return;
        }

        var user = UserInfo.Get(ctx) ?? throw ApiException.Unauthorized();
        var bytes = await RequestBody.ReadBytesAsync(ctx, ct);
        var mediaType = RequestBody.MediaType(ctx);
        var body = mediaType == "application/vnd.kubernetes.protobuf"
            ? Protobuf.ProtobufBodyDecoder.DecodeReview(bytes, r.Kind)
            : RequestBody.ParseDocument(bytes, mediaType) as JsonObject ?? throw ApiException.BadRequest("the request body must be an object");
        var spec = body["spec"] as JsonObject ?? new JsonObject();
        JsonObject status;
        switch (r.Kind)
        {
            case "SelfSubjectRulesReview":
                status = Rules(user, Text(spec, "namespace"));
                break;
            case "SelfSubjectAccessReview":
                status = Decide(user, spec);
                break;
            default:
                var subject = new UserInfo(Text(spec, "user"), (spec["groups"] as JsonArray ?? []).Select(g => g?.GetValue<string>() ?? "").ToList(), Text(spec, "uid"));
                if (subject.Name.Length == 0 && subject.Groups.Count == 0)
                {
                    throw Invalid(r, "spec.user", "at least one of user or group must be specified");
                }

                if (r.Kind == "LocalSubjectAccessReview"
                    && (spec["resourceAttributes"] is not JsonObject ra || Text(ra, "namespace") != ns))
                {
                    throw Invalid(r, "spec.resourceAttributes.namespace", "must match metadata.namespace");
                }

                status = Decide(subject, spec);
                break;
        }

        var answer = new JsonObject
        {
            ["kind"] = r.Kind,
            ["apiVersion"] = r.ApiVersion,
            ["metadata"] = ns is null ? new JsonObject() : new JsonObject { ["namespace"] = ns },
            ["spec"] = spec.DeepClone(),
            ["status"] = status,
        };
        await Responses.WriteJsonAsync(ctx, 201, System.Text.Encoding.UTF8.GetBytes(answer.ToJsonString()), ct);
    }

    private JsonObject Decide(UserInfo user, JsonObject spec)
    {
        RequestAttributes a;
        if (spec["resourceAttributes"] is JsonObject ra)
        {
            a = new RequestAttributes
            {
                User = user.Name, Groups = user.Groups, Verb = Text(ra, "verb"), ApiGroup = Text(ra, "group"),
                Resource = Text(ra, "resource"), Subresource = Text(ra, "subresource"), Namespace = Text(ra, "namespace"), Name = Text(ra, "name"),
            };
        }
        else if (spec["nonResourceAttributes"] is JsonObject na)
        {
            a = new RequestAttributes { User = user.Name, Groups = user.Groups, Verb = Text(na, "verb"), IsResourceRequest = false, Path = Text(na, "path") };
        }
        else
        {
            throw new ApiException(422, "Invalid", "spec: Invalid value: exactly one of nonResourceAttributes or resourceAttributes must be specified");
        }

        var d = authorizer.Authorize(a);
        var status = new JsonObject { ["allowed"] = d.Allowed };
        if (d.Outcome == AuthorizationDecision.Kind.Deny)
        {
            status["denied"] = true;
        }

        if (d.Reason.Length > 0)
        {
            status["reason"] = d.Reason;
        }

        return status;
    }

    private JsonObject Rules(UserInfo user, string ns)
    {
        if (user.Groups.Contains(BootstrapPolicy.MastersGroup))
        {
            return RulesStatus([new V1PolicyRule { Verbs = ["*"], ApiGroups = ["*"], Resources = ["*"] }, new V1PolicyRule { Verbs = ["*"], NonResourceURLs = ["*"] }], [], incomplete: false);
        }

        var (rules, errors) = authorizer.Policy.RulesFor(user.Name, user.Groups, ns);
        // The Node authorizer's rights depend on objects, not rules: a node's list is incomplete, as upstream says.
        var incomplete = NodeIdentity.NodeName(user.Name, user.Groups) is not null;
        return RulesStatus(rules, errors, incomplete);
    }

    private static JsonObject RulesStatus(IEnumerable<V1PolicyRule> rules, IReadOnlyList<string> errors, bool incomplete)
    {
        var resourceRules = new JsonArray();
        var nonResourceRules = new JsonArray();
        foreach (var rule in rules)
        {
            if (rule.NonResourceURLs is { Count: > 0 } urls)
            {
                nonResourceRules.Add(new JsonObject { ["verbs"] = Array(rule.Verbs), ["nonResourceURLs"] = Array(urls) });
                continue;
            }

            var item = new JsonObject { ["verbs"] = Array(rule.Verbs), ["apiGroups"] = Array(rule.ApiGroups), ["resources"] = Array(rule.Resources) };
            if (rule.ResourceNames is { Count: > 0 } names)
            {
                item["resourceNames"] = Array(names);
            }

            resourceRules.Add(item);
        }

        var status = new JsonObject { ["resourceRules"] = resourceRules, ["nonResourceRules"] = nonResourceRules, ["incomplete"] = incomplete };
        if (errors.Count > 0)
        {
            status["evaluationError"] = string.Join(", ", errors);
        }

        return status;
    }

    private static JsonArray Array(IEnumerable<string>? values) => [.. (values ?? []).Select(v => (JsonNode?)JsonValue.Create(v))];

    private static string Text(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private static ApiException Invalid(ResourceInfo r, string field, string detail) =>
        new(422, "Invalid", $"{r.Kind}.{r.Group} \"\" is invalid: {field}: Invalid value: \"\": {detail}");
}
