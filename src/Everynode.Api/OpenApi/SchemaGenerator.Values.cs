using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Everynode.Api.Patching;
using k8s.Models;

namespace Everynode.Api.OpenApi;

public sealed partial class SchemaGenerator
{
    private JsonObject PropertySchema(Type owner, PropertyInfo property, string json)
    {
        var schema = ValueSchema(owner, json, property.PropertyType);
        var description = ModelDocs.ForProperty(owner, property.Name);
        if (schema.ContainsKey("$ref"))
        {
            // Upstream wraps a reference in allOf so that it can carry the field's own description.
            if (description is null)
            {
                return schema;
            }

            schema = new JsonObject { ["allOf"] = new JsonArray(schema) };
        }

        if (description is not null)
        {
            schema["description"] = description;
        }

        if (PatchStrategyTags.TryGet(owner, json, out var strategy, out var mergeKey))
        {
            if (mergeKey is not null)
            {
                schema["x-kubernetes-patch-merge-key"] = mergeKey;
            }

            schema["x-kubernetes-patch-strategy"] = strategy;
        }

        if (SchemaExtensions.ListType(owner, json) is { } listType)
        {
            if (listType.MapKeys.Count > 0)
            {
                schema["x-kubernetes-list-map-keys"] = new JsonArray([.. listType.MapKeys.Select(k => (JsonNode?)k)]);
            }

            schema["x-kubernetes-list-type"] = listType.Type;
        }

        return schema;
    }

    private JsonObject ValueSchema(Type owner, string field, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }

        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return new JsonObject { ["format"] = type == typeof(int) ? "int32" : "int64", ["type"] = "integer" };
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return new JsonObject { ["format"] = "double", ["type"] = "number" };
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return NamedReference(SchemaExtensions.IsMicroTime(owner, field) ? SchemaNames.MicroTime : SchemaNames.Time);
        }

        if (type == typeof(byte[]))
        {
            return new JsonObject { ["format"] = "byte", ["type"] = "string" };
        }

        if (type == typeof(object) || type == typeof(JsonElement) || type == typeof(JsonNode))
        {
            return SchemaExtensions.NamedObjectField(owner, field) is { } named ? NamedReference(named) : new JsonObject { ["type"] = "object" };
        }

        if (CollectionTypes.ListElement(type) is { } element)
        {
            return new JsonObject { ["items"] = ValueSchema(owner, field, element), ["type"] = "array" };
        }

        if (CollectionTypes.MapValue(type) is { } value)
        {
            return new JsonObject { ["additionalProperties"] = ValueSchema(owner, field, value), ["type"] = "object" };
        }

        if (type.Namespace == typeof(V1Pod).Namespace && (type.IsClass || type.IsValueType))
        {
            return Reference(type);
        }

        return new JsonObject { ["type"] = "object" };
    }

    /// <summary>A reference to one of the hand-written apimachinery schemas (Time, RawExtension, Patch, ...).</summary>
    public JsonObject NamedReference(string name)
    {
        if (!_schemas.ContainsKey(name))
        {
            _schemas[name] = SchemaExtensions.NamedSchema(name);
        }

        return RefTo(name);
    }
}
