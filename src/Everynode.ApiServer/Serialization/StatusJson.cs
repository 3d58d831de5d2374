using System.Buffers;
using System.Text.Json;
using k8s.Models;

namespace Everynode.ApiServer.Serialization;

/// <summary>
/// Writes <c>meta/v1 Status</c> bodies. (The client library's V1Status converter only reads, so the server writes
/// Status itself, in upstream's field order.)
/// </summary>
internal static class StatusJson
{
    // Messages carry quotes and backquotes; Go's encoder leaves them readable, and so does this one.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Serialize(V1Status status)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("kind", "Status");
            w.WriteString("apiVersion", "v1");
            w.WriteStartObject("metadata");
            w.WriteEndObject();
            w.WriteString("status", status.Status);
            if (status.Message is not null)
            {
                w.WriteString("message", status.Message);
            }

            if (status.Reason is not null)
            {
                w.WriteString("reason", status.Reason);
            }

            if (status.Details is { } d)
            {
                WriteDetails(w, d);
            }

            if (status.Code is { } code)
            {
                w.WriteNumber("code", code);
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteDetails(Utf8JsonWriter w, V1StatusDetails d)
    {
        w.WriteStartObject("details");
        if (d.Name is not null)
        {
            w.WriteString("name", d.Name);
        }

        if (d.Group is not null)
        {
            w.WriteString("group", d.Group);
        }

        if (d.Kind is not null)
        {
            w.WriteString("kind", d.Kind);
        }

        if (d.Uid is not null)
        {
            w.WriteString("uid", d.Uid);
        }

        if (d.Causes is { Count: > 0 } causes)
        {
            w.WriteStartArray("causes");
            foreach (var c in causes)
            {
                w.WriteStartObject();
                if (c.Reason is not null)
                {
                    w.WriteString("reason", c.Reason);
                }

                if (c.Message is not null)
                {
                    w.WriteString("message", c.Message);
                }

                if (c.Field is not null)
                {
                    w.WriteString("field", c.Field);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (d.RetryAfterSeconds is { } retry)
        {
            w.WriteNumber("retryAfterSeconds", retry);
        }

        w.WriteEndObject();
    }
}
