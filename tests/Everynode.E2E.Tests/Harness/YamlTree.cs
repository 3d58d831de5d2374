using YamlDotNet.Serialization;

namespace Everynode.E2E.Tests.Harness;

/// <summary>
/// kubectl's YAML output as plain maps, lists and strings, so tests see exactly what was printed
/// (<c>{}</c> is an empty map, <c>""</c> an empty string, an absent field is absent).
/// </summary>
internal sealed class YamlTree
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    private readonly object? _root;

    private YamlTree(object? root) => _root = root;

    public static YamlTree Parse(string yaml) => new(Deserializer.Deserialize<object?>(yaml));

    /// <summary>The node at a dotted path; list items by index (<c>spec.template.spec.containers.0.image</c>).</summary>
    public object? At(string path)
    {
        var node = _root;
        foreach (var part in path.Split('.'))
        {
            node = node switch
            {
                IDictionary<object, object?> map => map.TryGetValue(part, out var child) ? child : throw Missing(path, part),
                IList<object?> list when int.TryParse(part, out var i) && i < list.Count => list[i],
                _ => throw Missing(path, part),
            };
        }

        return node;
    }

    /// <summary>The scalar at a path, as printed (numbers and booleans too).</summary>
    public string Scalar(string path) => At(path) as string ?? throw new KeyNotFoundException($"{path} is not a scalar");

    /// <summary>The map at a path (<c>{}</c> gives an empty one).</summary>
    public IDictionary<object, object?> Map(string path) => At(path) as IDictionary<object, object?> ?? throw new KeyNotFoundException($"{path} is not a map");

    public bool Has(string path)
    {
        try
        {
            At(path);
            return true;
        }
        catch (KeyNotFoundException)
        {
            return false;
        }
    }

    private static KeyNotFoundException Missing(string path, string part) => new($"{path}: no '{part}'");
}
