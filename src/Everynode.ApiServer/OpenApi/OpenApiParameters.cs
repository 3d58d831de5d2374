using System.Text.Json.Nodes;

namespace Everynode.ApiServer.OpenApi;

/// <summary>
/// The query and path parameters of the served operations, as upstream describes them. Each call returns fresh
/// nodes (a JSON node has one parent).
/// </summary>
internal static class OpenApiParameters
{
    public static JsonObject Path(string name, string description) => new()
    {
        ["description"] = description,
        ["in"] = "path",
        ["name"] = name,
        ["required"] = true,
        ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };

    public static JsonObject Query(string name, string type, string description) => new()
    {
        ["description"] = description,
        ["in"] = "query",
        ["name"] = name,
        ["schema"] = new JsonObject { ["type"] = type, ["uniqueItems"] = true },
    };

    public static JsonObject Name(string kind) => Path("name", $"name of the {kind}");

    public static JsonObject Namespace() =>
        Path("namespace", "object name and auth scope, such as for teams and projects");

    public static JsonObject Pretty() =>
        Query("pretty", "string", "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent indicates a browser or command-line HTTP tool (curl and wget).");

    public static JsonObject DryRun() =>
        Query("dryRun", "string", "When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed");

    public static JsonObject FieldManager() =>
        Query("fieldManager", "string", "fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.");

    public static JsonObject FieldValidation() =>
        Query("fieldValidation", "string", "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. The request will still succeed if there are no other errors, and will only persist the last of any duplicate fields. - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present. The error returned from the server will contain all unknown and duplicate fields encountered.");

    /// <summary>dryRun, fieldManager, fieldValidation: what kubectl looks for on create, update and patch.</summary>
    public static JsonArray Write() => [DryRun(), FieldManager(), FieldValidation()];

    public static JsonArray List() =>
    [
        Query("allowWatchBookmarks", "boolean", "allowWatchBookmarks requests watch events with type \"BOOKMARK\"."),
        Query("continue", "string", "The continue option should be set when retrieving more results from the server."),
        Query("fieldSelector", "string", "A selector to restrict the list of returned objects by their fields. Defaults to everything."),
        Query("labelSelector", "string", "A selector to restrict the list of returned objects by their labels. Defaults to everything."),
        Query("limit", "integer", "limit is a maximum number of responses to return for a list call."),
        Query("resourceVersion", "string", "resourceVersion sets a constraint on what resource versions a request may be served from."),
        Query("resourceVersionMatch", "string", "resourceVersionMatch determines how resourceVersion is applied to list calls."),
        Query("sendInitialEvents", "boolean", "`sendInitialEvents=true` may be set together with `watch=true`."),
        Query("timeoutSeconds", "integer", "Timeout for the list/watch call."),
        Query("watch", "boolean", "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications."),
    ];

    public static JsonArray Delete() =>
    [
        DryRun(),
        Query("gracePeriodSeconds", "integer", "The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately."),
        Query("orphanDependents", "boolean", "Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7."),
        Query("propagationPolicy", "string", "Whether and how garbage collection will be performed. Acceptable values are: 'Orphan', 'Background', 'Foreground'."),
    ];
}
