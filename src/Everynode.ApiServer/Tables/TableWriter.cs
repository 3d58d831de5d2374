using System.Buffers;
using System.Text.Json;
using Everynode.Api.Resources;
using Everynode.Api.Tables;
using Everynode.ApiServer.Serialization;
using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Tables;

/// <summary>
/// Writes <c>meta.k8s.io/v1 Table</c> JSON for objects of one resource, with System.Text.Json directly, the ages as of the moment of writing (the
/// client library has no Table model with a complete writer). Objects come in as the JSON the server would
/// otherwise send (resourceVersion injected); the cells come from the kind's <see cref="ITablePrinter"/>.
/// </summary>
internal sealed class TableWriter(ResourceInfo resource, TableRequest request, TimeProvider time)
{
    private static readonly byte[] MetadataProperty = "metadata"u8.ToArray();

    private readonly ITablePrinter _printer = TablePrinters.For(resource.Group, resource.Kind);

    /// <summary>
    /// A Table over <paramref name="items"/>. List Tables carry the list's resourceVersion, continue and
    /// remainingItemCount; a single object's Table carries the object's resourceVersion. Without
    /// <paramref name="withColumns"/> columnDefinitions is null (watch events after the first, as upstream).
    /// </summary>
    public byte[] Write(IReadOnlyList<byte[]> items, string resourceVersion, string? continueToken = null, long? remainingItemCount = null, bool withColumns = true)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var buffer = new ArrayBufferWriter<byte>(1024 + (items.Count * 1024));
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("kind", "Table");
            w.WriteString("apiVersion", request.ApiVersion);
            w.WriteStartObject("metadata");
            w.WriteString("resourceVersion", resourceVersion);
            if (continueToken is not null)
            {
                w.WriteString("continue", continueToken);
            }

            if (remainingItemCount is { } remaining)
            {
                w.WriteNumber("remainingItemCount", remaining);
            }

            w.WriteEndObject();
            if (withColumns)
            {
                WriteColumns(w);
            }
            else
            {
                w.WriteNull("columnDefinitions");
            }

            w.WriteStartArray("rows");
            foreach (var item in items)
            {
                WriteRow(w, item, now);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void WriteColumns(Utf8JsonWriter w)
    {
        w.WriteStartArray("columnDefinitions");
        foreach (var c in _printer.Columns)
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteString("type", c.Type);
            w.WriteString("format", c.Format);
            w.WriteString("description", c.Description);
            w.WriteNumber("priority", c.Priority);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private void WriteRow(Utf8JsonWriter w, byte[] json, DateTime now)
    {
        using var doc = JsonDocument.Parse(json);
        var obj = (IKubernetesObject<V1ObjectMeta>)doc.Deserialize(resource.ObjectType, ObjectCodec.Options)!;
        var row = _printer.Print(obj, now);
        w.WriteStartObject();
        w.WriteStartArray("cells");
        foreach (var cell in row.Cells)
        {
            switch (cell)
            {
                case long n:
                    w.WriteNumberValue(n);
                    break;
                case int n:
                    w.WriteNumberValue(n);
                    break;
                case bool b:
                    w.WriteBooleanValue(b);
                    break;
                default:
                    w.WriteStringValue(cell.ToString());
                    break;
            }
        }

        w.WriteEndArray();
        if (row.Conditions.Count > 0)
        {
            w.WriteStartArray("conditions");
            foreach (var c in row.Conditions)
            {
                w.WriteStartObject();
                w.WriteString("type", c.Type);
                w.WriteString("status", c.Status);
                w.WriteString("reason", c.Reason);
                w.WriteString("message", c.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WritePropertyName("object");
        switch (request.IncludeObject)
        {
            case IncludeObject.None:
                w.WriteNullValue();
                break;
            case IncludeObject.Object:
                doc.RootElement.WriteTo(w);
                break;
            default:
                w.WriteStartObject();
                w.WriteString("kind", "PartialObjectMetadata");
                w.WriteString("apiVersion", request.ApiVersion);
                if (doc.RootElement.TryGetProperty(MetadataProperty, out var metadata))
                {
                    w.WritePropertyName(MetadataProperty);
                    metadata.WriteTo(w);
                }

                w.WriteEndObject();
                break;
        }

        w.WriteEndObject();
    }
}
