using System.Text;
using Everynode.Api.Validation;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.Registry;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Apply;

/// <summary>
/// The field manager a request writes as: its <c>fieldManager</c> parameter, else (upstream's default) the first
/// token of its User-Agent — <c>kubectl/v1.32.4 (linux/amd64) …</c> writes as <c>kubectl</c>.
/// </summary>
internal static class FieldManagers
{
    public const int MaxLength = 128;

    /// <param name="optionsKind">CreateOptions, UpdateOptions or PatchOptions: the kind upstream names in errors.</param>
    public static FieldOwner Owner(HttpContext ctx, string optionsKind)
    {
        var given = ctx.Request.Query["fieldManager"].ToString();
        Validate(given, optionsKind);
        return new FieldOwner(given.Length > 0 ? given : FromUserAgent(ctx.Request.Headers.UserAgent.ToString()));
    }

    /// <summary>Apply requires a fieldManager (upstream: "is required for apply patch").</summary>
    public static FieldOwner ApplyOwner(HttpContext ctx)
    {
        var given = ctx.Request.Query["fieldManager"].ToString();
        if (given.Length == 0)
        {
            throw InvalidOptions("PatchOptions", [FieldError.Required("fieldManager", "is required for apply patch")]);
        }

        Validate(given, "PatchOptions");
        return new FieldOwner(given);
    }

    /// <summary>The <c>force</c> parameter of an apply; any other patch may not carry it.</summary>
    public static bool Force(HttpContext ctx)
    {
        var value = ctx.Request.Query["force"].ToString();
        return value switch
        {
            "" or "false" or "False" or "0" => false,
            "true" or "True" or "1" => true,
            _ => throw ApiException.BadRequest($"force: invalid value \"{value}\": must be a boolean"),
        };
    }

    public static void RejectForce(HttpContext ctx)
    {
        if (ctx.Request.Query.ContainsKey("force"))
        {
            throw InvalidOptions("PatchOptions", [FieldError.Forbidden("force", "may not be specified for non-apply patch")]);
        }
    }

    /// <summary>Upstream's prefixFromUserAgent: the text before the first '/', printable characters only.</summary>
    public static string FromUserAgent(string userAgent)
    {
        var prefix = userAgent.Split('/')[0];
        var sb = new StringBuilder(prefix.Length);
        foreach (var rune in prefix.EnumerateRunes())
        {
            if (!Rune.IsControl(rune))
            {
                sb.Append(rune.ToString());
            }
        }

        var text = sb.ToString();
        return text.Length > MaxLength ? text[..MaxLength] : text;
    }

    private static void Validate(string manager, string optionsKind)
    {
        var errors = new List<FieldError>();
        if (Encoding.UTF8.GetByteCount(manager) > MaxLength)
        {
            errors.Add(FieldError.TooLong("fieldManager", manager, MaxLength));
        }

        if (manager.EnumerateRunes().Any(Rune.IsControl))
        {
            errors.Add(FieldError.Invalid("fieldManager", manager, "must only contain printable characters"));
        }

        if (errors.Count > 0)
        {
            throw InvalidOptions(optionsKind, errors);
        }
    }

    private static ApiException InvalidOptions(string kind, IReadOnlyList<FieldError> errors)
    {
        var details = new V1StatusDetails
        {
            Group = "meta.k8s.io",
            Kind = kind,
            Causes = errors.Select(e => new V1StatusCause { Reason = e.CauseReason, Message = e.ErrorBody, Field = e.Field }).ToList(),
        };
        return new ApiException(422, "Invalid", InvalidObjectException.FormatMessage(kind, "meta.k8s.io", "", errors), details);
    }
}
