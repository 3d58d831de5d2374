using Everynode.ApiServer.Auth;
using Everynode.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Pipeline;

/// <summary>
/// What the stages of the <see cref="RequestPipeline"/> learn about one request and hand down to the next: the token
/// that ends it, who is acting, and which API object it addresses.
/// </summary>
internal sealed class ApiRequest(CancellationTokenSource lifetime, string path)
{
    /// <summary>Ends the request when the client goes away, the server stops, or the deadline passes.</summary>
    public CancellationToken Cancellation { get; } = lifetime.Token;

    public string Path { get; } = path;

    /// <summary>The user the request acts as (the impersonated one, if any); set by authentication.</summary>
    public UserInfo? User { get; set; }

    /// <summary>The parsed API path; set by authorization, non-null from resource resolution on.</summary>
    public RequestInfo? Info { get; set; }

    /// <summary>Whether the request runs under the server's deadline (long-running requests do not).</summary>
    public bool Deadlined { get; private set; }

    /// <summary>Cancels <see cref="Cancellation"/> after <paramref name="timeout"/>; a cancellation then answers 504.</summary>
    public void StartDeadline(TimeSpan timeout)
    {
        lifetime.CancelAfter(timeout);
        Deadlined = true;
    }

    public static ApiRequest Of(HttpContext ctx) => ctx.Features.Get<ApiRequest>()
        ?? throw new InvalidOperationException("the request did not pass through the request pipeline");
}
