using System.Net;
using k8s.Autorest;

namespace Everynode.Agent;

/// <summary>How the agent reads failed API calls: by HTTP status, as upstream's apierrors.IsNotFound/IsConflict do.</summary>
internal static class ApiCalls
{
    public static bool IsNotFound(Exception e) => StatusOf(e) == HttpStatusCode.NotFound;

    /// <summary>409: a conflicting resourceVersion or an object that already exists.</summary>
    public static bool IsConflict(Exception e) => StatusOf(e) == HttpStatusCode.Conflict;

    /// <summary>A failure worth retrying later (API errors and network errors), not a bug.</summary>
    public static bool IsTransient(Exception e) => e is HttpOperationException or HttpRequestException or k8s.KubernetesException or IOException
        || (e is TaskCanceledException && e.InnerException is TimeoutException);

    /// <summary>What the API said (a Status body's message, as the kubelet shows it), else the exception's message.</summary>
    public static string Message(Exception e)
    {
        if (e is HttpOperationException { Response.Content: { Length: > 0 } body })
        {
            try
            {
                if (System.Text.Json.Nodes.JsonNode.Parse(body)?["message"]?.GetValue<string>() is { Length: > 0 } message)
                {
                    return message;
                }
            }
            catch (System.Text.Json.JsonException)
            {
            }
        }

        return e.Message;
    }

    private static HttpStatusCode? StatusOf(Exception e) => (e as HttpOperationException)?.Response?.StatusCode;
}
