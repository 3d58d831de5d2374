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

    private static HttpStatusCode? StatusOf(Exception e) => (e as HttpOperationException)?.Response?.StatusCode;
}
