using System.Globalization;
using System.Text;
using System.Text.Json;
using Everynode.ApiServer.Auth;
using Everynode.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Audit;

/// <summary>
/// Upstream's log audit backend at the Metadata level (<c>--audit-log-path</c>): one audit.k8s.io/v1 Event per
/// line, stage ResponseComplete, for every mutating request (create, update, patch, delete, deletecollection),
/// including refused ones (401, 403, 4xx). Bodies are never logged at this level. Lines are appended in the order
/// requests complete; the file is created with mode 0600.
/// </summary>
internal sealed class AuditLog : IAsyncDisposable
{
    private static readonly object ErrorKey = new();
    private readonly StreamWriter _writer;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly TimeProvider _time;

    private AuditLog(StreamWriter writer, TimeProvider time)
    {
        _writer = writer;
        _time = time;
    }

    public static AuditLog Open(string path, TimeProvider time)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.Read,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        return new AuditLog(new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true }, time);
    }

    /// <summary>Remembers the error a request was answered with, for its audit event's responseStatus.</summary>
    public static void NoteError(HttpContext ctx, ApiException e) => ctx.Items[ErrorKey] = e;

    public static bool IsMutating(string method) => method is "POST" or "PUT" or "PATCH" or "DELETE";

    public async Task RecordAsync(HttpContext ctx, string path, DateTimeOffset received)
    {
        var request = ctx.Request;
        if (!IsMutating(request.Method))
        {
            return;
        }

        var info = RequestInfo.Parse(path);
        var impersonator = UserInfo.GetImpersonator(ctx);
        var user = impersonator ?? UserInfo.Get(ctx);
        var error = ctx.Items.TryGetValue(ErrorKey, out var e) ? e as ApiException : null;
        var code = error?.Code ?? ctx.Response.StatusCode;
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("kind", "Event");
            json.WriteString("apiVersion", "audit.k8s.io/v1");
            json.WriteString("level", "Metadata");
            json.WriteString("auditID", Guid.NewGuid().ToString());
            json.WriteString("stage", "ResponseComplete");
            json.WriteString("requestURI", request.Path.Value + request.QueryString.Value);
            json.WriteString("verb", Verb(request.Method, info));
            WriteUser(json, "user", user ?? new UserInfo("system:anonymous", ["system:unauthenticated"]));
            if (impersonator is not null && UserInfo.Get(ctx) is { } acting)
            {
                WriteUser(json, "impersonatedUser", acting);
            }

            json.WriteStartArray("sourceIPs");
            json.WriteStringValue(ctx.Connection.RemoteIpAddress?.ToString() ?? "");
            json.WriteEndArray();
            if (request.Headers.UserAgent.ToString() is { Length: > 0 } agent)
            {
                json.WriteString("userAgent", agent);
            }

            if (info is { Resource.Length: > 0 })
            {
                json.WriteStartObject("objectRef");
                json.WriteString("resource", info.Resource);
                if (info.Namespace is { } ns)
                {
                    json.WriteString("namespace", ns);
                }

                if (info.Name is { } name)
                {
                    json.WriteString("name", name);
                }

                if (info.Group.Length > 0)
                {
                    json.WriteString("apiGroup", info.Group);
                }

                json.WriteString("apiVersion", info.Version);
                if (info.Subresource is { } sub)
                {
                    json.WriteString("subresource", sub);
                }

                json.WriteEndObject();
            }

            json.WriteStartObject("responseStatus");
            json.WriteStartObject("metadata");
            json.WriteEndObject();
            if (error is not null)
            {
                json.WriteString("status", "Failure");
                json.WriteString("message", error.Message);
                json.WriteString("reason", error.Reason);
            }

            json.WriteNumber("code", code);
            json.WriteEndObject();
            json.WriteString("requestReceivedTimestamp", MicroTime(received));
            json.WriteString("stageTimestamp", MicroTime(_time.GetUtcNow()));
            json.WriteEndObject();
        }

        var line = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        await _lock.WaitAsync(CancellationToken.None);
        try
        {
            await _writer.WriteLineAsync(line);
        }
        finally
        {
            _lock.Release();
        }
    }

    private static string Verb(string method, RequestInfo? info) => (method, info?.Name is null) switch
    {
        ("POST", _) => "create",
        ("PUT", _) => "update",
        ("PATCH", _) => "patch",
        ("DELETE", true) when info is { Resource.Length: > 0 } => "deletecollection",
        _ => method.ToLowerInvariant(),
    };

    private static void WriteUser(Utf8JsonWriter json, string property, UserInfo user)
    {
        json.WriteStartObject(property);
        json.WriteString("username", user.Name);
        if (user.Uid.Length > 0)
        {
            json.WriteString("uid", user.Uid);
        }

        json.WriteStartArray("groups");
        foreach (var g in user.Groups)
        {
            json.WriteStringValue(g);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string MicroTime(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        _lock.Dispose();
    }
}
