using System.Text.Json;
using System.Text.Json.Nodes;
using Everynode.Api.FieldValidation;
using Everynode.Api.Resources;
using Everynode.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.FieldValidation;

/// <summary>
/// The <c>fieldValidation</c> query parameter of create, update and patch: <c>Strict</c> refuses unknown and
/// duplicate fields with 400 BadRequest, <c>Warn</c> (upstream's default) accepts the object and sends one
/// <c>Warning: 299</c> header per problem, <c>Ignore</c> says nothing. Unknown fields are dropped by the decoder
/// either way.
/// </summary>
internal sealed class FieldValidationDirective
{
    private readonly HttpContext _ctx;
    private readonly string _mode;
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);

    private FieldValidationDirective(HttpContext ctx, string mode)
    {
        _ctx = ctx;
        _mode = mode;
    }

    public static FieldValidationDirective From(HttpContext ctx)
    {
        var mode = ctx.Request.Query["fieldValidation"].ToString();
        return mode switch
        {
            "" => new(ctx, "Warn"),
            "Strict" or "Warn" or "Ignore" => new(ctx, mode),
            _ => throw ApiException.BadRequest($"fieldValidation: Unsupported value: \"{mode}\": supported values: \"Ignore\", \"Strict\", \"Warn\""),
        };
    }

    /// <summary>A create or update body (JSON) decoded as the resource's type.</summary>
    public void CheckObject(ReadOnlySpan<byte> json, ResourceInfo r)
    {
        if (_mode != "Ignore")
        {
            Report(StrictDecoding.FindProblems(json, r.ObjectType), r);
        }
    }

    /// <summary>A patch body: only duplicate keys (its directives and partial shape are checked on the result).</summary>
    public void CheckPatchBody(ReadOnlySpan<byte> patch, ResourceInfo r)
    {
        if (_mode != "Ignore")
        {
            Report(StrictDecoding.FindDuplicates(patch), r);
        }
    }

    /// <summary>The object a patch produced: fields the patch added that the type does not have.</summary>
    public void CheckPatched(JsonObject patched, ResourceInfo r)
    {
        if (_mode != "Ignore")
        {
            Report(StrictDecoding.FindProblems(JsonSerializer.SerializeToUtf8Bytes(patched), r.ObjectType), r);
        }
    }

    private void Report(IReadOnlyList<string> problems, ResourceInfo r)
    {
        if (problems.Count == 0)
        {
            return;
        }

        if (_mode == "Strict")
        {
            throw ApiException.BadRequest($"{r.Kind} in version \"{r.Version}\" cannot be handled as a {r.Kind}: {StrictDecoding.Message(problems)}");
        }

        foreach (var problem in problems)
        {
            if (_warned.Add(problem))
            {
                WarningHeaders.Add(_ctx, problem);
            }
        }
    }
}
