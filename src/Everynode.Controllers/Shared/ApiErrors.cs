using System.Net;
using System.Text.Json;
using k8s.Autorest;

namespace Everynode.Controllers.Shared;

/// <summary>Reads a failed API call the way upstream's apierrors helpers do: status code, reason, causes.</summary>
internal static class ApiErrors
{
    public static bool IsNotFound(Exception e) => Code(e) == HttpStatusCode.NotFound;

    public static bool IsAlreadyExists(Exception e) => Code(e) == HttpStatusCode.Conflict && Reason(e) == "AlreadyExists";

    public static bool IsConflict(Exception e) => Code(e) == HttpStatusCode.Conflict && Reason(e) != "AlreadyExists";

    /// <summary>The namespace is being deleted: every further create in it fails, so this is not worth reporting.</summary>
    public static bool IsNamespaceTerminating(Exception e)
    {
        if (Status(e) is not { } status
            || !status.TryGetProperty("details", out var details)
            || !details.TryGetProperty("causes", out var causes)
            || causes.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        return causes.EnumerateArray().Any(c =>
            c.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String && r.GetString() == "NamespaceTerminating");
    }

    /// <summary>The Status message when the server sent one (what upstream prints), else the exception's message.</summary>
    public static string Message(Exception e) =>
        Status(e) is { } status && status.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
            ? m.GetString()!
            : e.Message;

    private static HttpStatusCode? Code(Exception e) => (e as HttpOperationException)?.Response?.StatusCode;

    private static string? Reason(Exception e) =>
        Status(e) is { } status && status.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String
            ? r.GetString()
            : null;

    private static JsonElement? Status(Exception e)
    {
        var content = (e as HttpOperationException)?.Response?.Content;
        if (string.IsNullOrEmpty(content))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(content);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
