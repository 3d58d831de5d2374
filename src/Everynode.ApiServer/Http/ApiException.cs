using Everynode.Api.Resources;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.ApiServer.Http;

/// <summary>
/// A request that fails with a Kubernetes <c>Status</c> body. Factories produce upstream's exact reasons and messages.
/// </summary>
internal sealed class ApiException(int code, string reason, string message, V1StatusDetails? details = null) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public V1StatusDetails? Details { get; } = details;

    public V1Status ToStatus() => new()
    {
        ApiVersion = "v1",
        Kind = "Status",
        Metadata = new V1ListMeta(),
        Status = "Failure",
        Message = Message,
        Reason = Reason,
        Details = Details,
        Code = Code,
    };

    public static ApiException NotFound(ResourceInfo r, string name) =>
        new(404, "NotFound", $"{r.GroupResource} \"{name}\" not found", ResourceDetails(r, name));

    public static ApiException NotFound(string groupResource, string group, string kind, string name) =>
        new(404, "NotFound", $"{groupResource} \"{name}\" not found", new V1StatusDetails { Name = name, Group = NullIfEmpty(group), Kind = kind });

    public static ApiException NotFoundPath() =>
        new(404, "NotFound", "the server could not find the requested resource", new V1StatusDetails());

    public static ApiException AlreadyExists(ResourceInfo r, string name) =>
        new(409, "AlreadyExists", $"{r.GroupResource} \"{name}\" already exists", ResourceDetails(r, name));

    public static ApiException Conflict(ResourceInfo r, string name, string detail) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {r.GroupResource} \"{name}\": {detail}", ResourceDetails(r, name));

    public static ApiException ConflictModified(ResourceInfo r, string name) =>
        Conflict(r, name, "the object has been modified; please apply your changes to the latest version and try again");

    public static ApiException Invalid(ResourceInfo r, string name, IReadOnlyList<FieldError> errors) =>
        Invalid(r.Kind, r.Group, name, errors);

    /// <summary>An Invalid status for a kind that is not a served resource of its own (autoscaling/v1 Scale).</summary>
    public static ApiException Invalid(string kind, string group, string name, IReadOnlyList<FieldError> errors)
    {
        // Upstream names the kind (not the resource) in an Invalid status; kubectl prints `The DaemonSet "x" is invalid`.
        var details = new V1StatusDetails { Name = name, Group = NullIfEmpty(group), Kind = kind };
        details.Causes = errors.Select(e => new V1StatusCause { Reason = e.CauseReason, Message = e.ErrorBody, Field = e.Field }).ToList();
        return new(422, "Invalid", InvalidObjectException.FormatMessage(kind, group, name, errors), details);
    }

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException Forbidden(ResourceInfo r, string name, string detail) =>
        new(403, "Forbidden", $"{r.GroupResource} \"{name}\" is forbidden: {detail}", ResourceDetails(r, name));

    public static ApiException MethodNotAllowed(string message = "the server does not allow this method on the requested resource") =>
        new(405, "MethodNotAllowed", message, new V1StatusDetails());

    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static ApiException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml; got {contentType}");

    public static ApiException TooLarge(long limit) =>
        new(413, "RequestEntityTooLarge", $"Request entity too large: limit is {limit}");

    public static ApiException Gone(string message) => new(410, "Expired", message);

    public static ApiException TooLargeResourceVersion(long requested, long current) =>
        new(504, "Timeout", $"Too large resource version: {requested}, current: {current}",
            new V1StatusDetails { Causes = [new V1StatusCause { Reason = "ResourceVersionTooLarge", Message = "Too large resource version" }], RetryAfterSeconds = 1 });

    public static ApiException Internal(string message) =>
        new(500, "InternalError", $"Internal error occurred: {message}", new V1StatusDetails { Causes = [new V1StatusCause { Message = message }] });

    private static V1StatusDetails ResourceDetails(ResourceInfo r, string name) =>
        new() { Name = name, Group = NullIfEmpty(r.Group), Kind = r.Plural };

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
