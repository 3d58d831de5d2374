using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Everynode.Scheduler.Binding;

/// <summary>
/// The text of a failed API call as upstream's client would print it: the Status <c>message</c> the server sent
/// (e.g. <c>pod web is already assigned to node "node-a"</c>), else the exception's own message.
/// </summary>
internal static class ApiErrorMessage
{
    public static string Of(Exception error)
    {
        if (error is HttpOperationException { Response.Content: { Length: > 0 } body })
        {
            try
            {
                if (KubernetesJson.Deserialize<V1Status>(body) is { Message: { Length: > 0 } message })
                {
                    return message;
                }
            }
            catch (JsonException)
            {
                // Not a Status: fall back to the exception's message.
            }
        }

        return error.Message;
    }
}
