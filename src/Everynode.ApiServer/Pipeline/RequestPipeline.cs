using Everynode.ApiServer.Admission;
using Everynode.ApiServer.Audit;
using Everynode.ApiServer.Auth;
using Everynode.ApiServer.Discovery;
using Everynode.ApiServer.Endpoints;
using Everynode.ApiServer.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Everynode.ApiServer.Pipeline;

/// <summary>
/// Every request's way through the server, as ordered ASP.NET Core middleware: each stage either answers the request
/// or passes it on. The order is upstream's handler chain: nothing is served to an unauthenticated user but the public
/// paths, nothing is served before it is authorized, and only admitted requests reach the resource endpoints.
/// </summary>
internal sealed partial class RequestPipeline(RequestPipelineParts parts, ILogger logger)
{
    public void Configure(IApplicationBuilder app)
    {
        app.Use(RecordAuditAsync);
        app.Use(AnswerErrorsAsync);
        app.Use(ServePublicPathsAsync);
        app.Use(AuthenticateAsync);
        app.Use(ExchangeNodeCredentialAsync);
        app.Use(AuthorizeAsync);
        app.Use(ServeDiscoveryAsync);
        app.Use(ResolveResourceAsync);
        app.Use(AdmitAsync);
        app.Use(LimitAsync);
        app.Run(DispatchAsync);
    }

    /// <summary>Mutating requests go to the audit log on the way out, whatever the outcome.</summary>
    private async Task RecordAuditAsync(HttpContext ctx, RequestDelegate next)
    {
        var received = parts.Time.GetUtcNow();
        try
        {
            await next(ctx);
        }
        finally
        {
            if (parts.Audit is { } audit && AuditLog.IsMutating(ctx.Request.Method))
            {
                await audit.RecordAsync(ctx, ctx.Request.Path.Value ?? "/", received);
            }
        }
    }

    /// <summary>
    /// Gives the request its lifetime and turns what the later stages throw into a Status response: an
    /// <see cref="ApiException"/> as itself, a passed deadline as 504, a malformed request as 400 or 413, anything else
    /// as 500 (logged).
    /// </summary>
    private async Task AnswerErrorsAsync(HttpContext ctx, RequestDelegate next)
    {
        // Stopping ends open watches at once; otherwise Kestrel waits for them and a stopped server outlives its
        // shutdown timeout.
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, parts.Stopping);
        var request = new ApiRequest(lifetime, ctx.Request.Path.Value ?? "/");
        ctx.Features.Set(request);
        var ct = request.Cancellation;
        try
        {
            await next(ctx);
        }
        catch (ApiException e)
        {
            await WriteErrorIfPossibleAsync(ctx, e);
        }
        catch (OperationCanceledException) when (request.Deadlined && ct.IsCancellationRequested
            && !ctx.RequestAborted.IsCancellationRequested && !parts.Stopping.IsCancellationRequested)
        {
            await WriteErrorIfPossibleAsync(ctx, RequestLimits.Timeout());
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away, or the server is stopping.
        }
        catch (BadHttpRequestException e)
        {
            await WriteErrorIfPossibleAsync(ctx, e.StatusCode == 413 ? ApiException.TooLarge(RequestBody.MaxBytes) : ApiException.BadRequest(e.Message));
        }
        catch (Exception e)
        {
            LogUnhandled(logger, e, ctx.Request.Method, request.Path);
            await WriteErrorIfPossibleAsync(ctx, ApiException.Internal(e.Message));
        }
    }

    /// <summary>/version and the health paths answer without credentials.</summary>
    private Task ServePublicPathsAsync(HttpContext ctx, RequestDelegate next)
    {
        var request = ApiRequest.Of(ctx);
        return SystemEndpoints.IsPublic(request.Path)
            ? SystemEndpoints.HandleAsync(ctx, request.Path, parts.Ready(), request.Cancellation)
            : next(ctx);
    }

    /// <summary>Who is asking (401 for nobody), then whom they act as (Impersonate-* headers, 403 unless allowed).</summary>
    private async Task AuthenticateAsync(HttpContext ctx, RequestDelegate next)
    {
        var request = ApiRequest.Of(ctx);
        var user = await parts.Authenticator.RequireAsync(ctx.Request.Headers.Authorization, request.Cancellation);
        UserInfo.Set(ctx, user);
        var acting = Impersonation.Apply(ctx.Request, user, parts.Authorizer);
        if (!ReferenceEquals(acting, user))
        {
            UserInfo.SetImpersonator(ctx, user);
            UserInfo.Set(ctx, acting);
        }

        request.User = acting;
        await next(ctx);
    }

    /// <summary>A joining node trades its join token for its own credential (the path is outside the API).</summary>
    private Task ExchangeNodeCredentialAsync(HttpContext ctx, RequestDelegate next)
    {
        var request = ApiRequest.Of(ctx);
        return request.Path == NodeCredentialExchange.Path ? parts.Credentials.HandleAsync(ctx, request.Cancellation) : next(ctx);
    }

    /// <summary>system:masters, then the Node authorizer (and its graph of a node's objects), then RBAC; else 403.</summary>
    private async Task AuthorizeAsync(HttpContext ctx, RequestDelegate next)
    {
        var request = ApiRequest.Of(ctx);
        var info = RequestInfo.Parse(request.Path);
        request.Info = info;
        RbacEscalation.Use(ctx, parts.Authorizer);
        var attributes = RequestAuthorizer.Attributes(request.User!, ctx.Request, info, request.Path);
        if (!parts.Authorizer.Authorize(attributes).Allowed && !await NodeGraph.AllowsAsync(parts.Registry, attributes, request.Cancellation))
        {
            parts.Authorizer.Require(attributes);
        }

        await next(ctx);
    }

    /// <summary>API discovery (/api, /apis, …) and the OpenAPI documents.</summary>
    private async Task ServeDiscoveryAsync(HttpContext ctx, RequestDelegate next)
    {
        var request = ApiRequest.Of(ctx);
        if (await parts.Discovery.TryHandleAsync(ctx, request.Path, request.Cancellation)
            || await parts.OpenApi.TryHandleAsync(ctx, request.Path, request.Cancellation))
        {
            return;
        }

        await next(ctx);
    }

    /// <summary>
    /// 404 for a path that names no served group-version, 405 for a verb the resource does not have; a POST of a
    /// resource that is not stored (the access reviews) is answered here.
    /// </summary>
    private async Task ResolveResourceAsync(HttpContext ctx, RequestDelegate next)
    {
        var request = ApiRequest.Of(ctx);
        var info = request.Info;
        var resources = parts.Registry.Resources;
        if (info is null || info.Resource.Length == 0 || !resources.GroupVersions.Contains((info.Group, info.Version)))
        {
            throw ApiException.NotFoundPath();
        }

        if (resources.Find(info.Group, info.Version, info.Resource) is { } resource)
        {
            ResourceVerbs.EnsureAllowed(resource, info, ctx.Request);
            if (!resource.Stored && ctx.Request.Method == "POST" && info.Name is null)
            {
                await parts.Reviews.CreateAsync(ctx, resource, resource.Namespaced ? info.Namespace : null, request.Cancellation);
                return;
            }
        }

        await next(ctx);
    }

    /// <summary>NodeRestriction: a node may change only itself and its own pods.</summary>
    private async Task AdmitAsync(HttpContext ctx, RequestDelegate next)
    {
        var request = ApiRequest.Of(ctx);
        await NodeRestrictionAdmission.AdmitRequestAsync(ctx, request.Info!, parts.Registry, request.Cancellation);
        await next(ctx);
    }

    /// <summary>Long-running requests (watches, followed logs) count against the user's watches; the rest get the deadline.</summary>
    private async Task LimitAsync(HttpContext ctx, RequestDelegate next)
    {
        var request = ApiRequest.Of(ctx);
        if (RequestLimits.IsLongRunning(ctx.Request, request.Info))
        {
            using var watch = request.Info!.Subresource is null ? parts.Limits.EnterWatch(request.User!) : null;
            await next(ctx);
        }
        else
        {
            request.StartDeadline(parts.Limits.TimeoutFor(ctx.Request));
            await next(ctx);
        }
    }

    /// <summary>The REST verbs on the resource and its subresources.</summary>
    private Task DispatchAsync(HttpContext ctx)
    {
        var request = ApiRequest.Of(ctx);
        return parts.Resources.HandleAsync(ctx, request.Info!, request.Cancellation);
    }

    private static async Task WriteErrorIfPossibleAsync(HttpContext ctx, ApiException e)
    {
        AuditLog.NoteError(ctx, e);
        if (ctx.Response.HasStarted)
        {
            return;
        }

        try
        {
            await Responses.WriteErrorAsync(ctx, e, ctx.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "unhandled error serving {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception e, string method, string path);
}
