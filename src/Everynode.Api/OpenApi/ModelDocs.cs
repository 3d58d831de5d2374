using System.Xml;

namespace Everynode.Api.OpenApi;

/// <summary>
/// Upstream's descriptions of the model types and fields, from KubernetesClient's XML documentation (cut down to
/// the k8s.Models summaries at build time and embedded; see ModelDocs.xslt). Keyed by C# names, as the docs are.
/// </summary>
internal static class ModelDocs
{
    private const string ResourceName = "Everynode.Api.OpenApi.ModelDocs.xml";

    private static readonly Lazy<Dictionary<string, string>> Summaries = new(Load);

    public static string? ForType(Type type) => Summaries.Value.GetValueOrDefault(type.FullName ?? type.Name);

    public static string? ForProperty(Type owner, string propertyName) =>
        Summaries.Value.GetValueOrDefault($"{owner.FullName}.{propertyName}");

    private static Dictionary<string, string> Load()
    {
        var docs = new Dictionary<string, string>(StringComparer.Ordinal);
        using var stream = typeof(ModelDocs).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the embedded resource {ResourceName} is missing");
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        reader.MoveToContent();
        while (!reader.EOF)
        {
            if (reader.NodeType != XmlNodeType.Element || reader.Name != "m")
            {
                reader.Read();
                continue;
            }

            // ReadElementContentAsString leaves the reader on the next node, which may be the next <m>.
            var name = reader.GetAttribute("n");
            var text = reader.ReadElementContentAsString();
            if (name is not null && text.Length > 0)
            {
                docs[name] = text;
            }
        }

        return docs;
    }
}
