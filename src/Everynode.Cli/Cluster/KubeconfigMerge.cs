using YamlDotNet.RepresentationModel;

namespace Everynode.Cli.Cluster;

/// <summary>
/// Merges the cluster's kubeconfig into a user's, as <c>kind</c> and <c>k3d</c> do: the cluster, user and context
/// entries of the same names are replaced or appended, every other entry and field is kept as it was, and
/// <c>current-context</c> is set to the merged context.
/// </summary>
internal static class KubeconfigMerge
{
    private static readonly string[] Lists = ["clusters", "users", "contexts"];

    /// <summary>
    /// The user's kubeconfig text (<paramref name="existing"/>; null or blank for a new file) with every entry of
    /// <paramref name="incoming"/> merged in; <c>current-context</c> becomes <paramref name="incoming"/>'s.
    /// </summary>
    public static string Merge(string? existing, string incoming)
    {
        var target = Parse(existing, "the existing kubeconfig") ?? NewConfig();
        var source = Parse(incoming, "the cluster's kubeconfig") ?? throw new ArgumentException("the cluster's kubeconfig is empty", nameof(incoming));
        foreach (var list in Lists)
        {
            var into = SequenceOf(target, list);
            foreach (var entry in SequenceOf(source, list).Children.OfType<YamlMappingNode>())
            {
                var name = NameOf(entry);
                var index = into.Children.ToList().FindIndex(e => e is YamlMappingNode m && NameOf(m) == name);
                if (index >= 0)
                {
                    into.Children[index] = entry;
                }
                else
                {
                    into.Children.Add(entry);
                }
            }
        }

        if (source.Children.TryGetValue(new YamlScalarNode("current-context"), out var current))
        {
            target.Children[new YamlScalarNode("current-context")] = current;
        }

        return Render(target);
    }

    /// <summary>The names of <paramref name="list"/>'s entries in a kubeconfig text (for checks and tests).</summary>
    public static IReadOnlyList<string> Names(string kubeconfig, string list) =>
        Parse(kubeconfig, "the kubeconfig") is { } root
            ? [.. SequenceOf(root, list).Children.OfType<YamlMappingNode>().Select(NameOf).OfType<string>()]
            : [];

    private static YamlMappingNode? Parse(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new InvalidDataException($"{what} is not valid YAML: {e.Message}", e);
        }

        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode switch
        {
            YamlMappingNode mapping => mapping,
            YamlScalarNode { Value: null or "" } => null,
            _ => throw new InvalidDataException($"{what} is not a kubeconfig (its top level is not a mapping)"),
        };
    }

    private static YamlMappingNode NewConfig() => new()
    {
        { "apiVersion", "v1" },
        { "kind", "Config" },
        { "preferences", new YamlMappingNode() },
    };

    /// <summary>The list named <paramref name="key"/>, created when missing or null.</summary>
    private static YamlSequenceNode SequenceOf(YamlMappingNode root, string key)
    {
        var scalarKey = new YamlScalarNode(key);
        if (root.Children.TryGetValue(scalarKey, out var node))
        {
            if (node is YamlSequenceNode sequence)
            {
                return sequence;
            }

            if (node is not YamlScalarNode { Value: null or "" or "null" or "~" })
            {
                throw new InvalidDataException($"the kubeconfig's \"{key}\" is not a list");
            }
        }

        var created = new YamlSequenceNode();
        root.Children[scalarKey] = created;
        return created;
    }

    private static string? NameOf(YamlMappingNode entry) =>
        entry.Children.TryGetValue(new YamlScalarNode("name"), out var name) && name is YamlScalarNode scalar ? scalar.Value : null;

    private static string Render(YamlMappingNode root)
    {
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        var text = writer.ToString();

        // YamlDotNet ends a document with "...": valid, but not how kubeconfig files look.
        if (text.EndsWith("...\n", StringComparison.Ordinal))
        {
            text = text[..^4];
        }

        return text;
    }
}
