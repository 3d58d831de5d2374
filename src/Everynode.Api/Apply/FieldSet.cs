using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Everynode.Api.Apply;

/// <summary>
/// A set of field paths stored as a trie, the shape of upstream's <c>FieldsV1</c>: each edge is one path element in
/// its FieldsV1 spelling (<c>f:name</c> a field, <c>k:{"name":"x"}</c> a map-list item, <c>v:"a"</c> a set item,
/// <c>i:0</c> an index) and a node is a <em>member</em> when the path ending there is in the set (<c>.</c> in FieldsV1
/// when the node also has children).
/// </summary>
/// <remarks>Sets are built once and then combined into new sets; an operation never changes its inputs.</remarks>
public sealed class FieldSet
{
    private Dictionary<string, FieldSet>? _children;

    /// <summary>IsEmpty, computed once the set is complete (sets are asked only after they are built).</summary>
    private bool? _isEmpty;

    public static FieldSet Empty { get; } = new();

    public bool IsMember { get; private set; }

    public bool IsEmpty => _isEmpty ??= !IsMember && (_children is null || _children.Values.All(c => c.IsEmpty));

    public IEnumerable<KeyValuePair<string, FieldSet>> Children =>
        (IEnumerable<KeyValuePair<string, FieldSet>>?)_children ?? [];

    public FieldSet? Child(string element) => _children?.GetValueOrDefault(element);

    /// <summary>The child trie for <paramref name="element"/>, created when missing (building only).</summary>
    public FieldSet Descend(string element)
    {
        _isEmpty = null;
        _children ??= new Dictionary<string, FieldSet>(StringComparer.Ordinal);
        if (!_children.TryGetValue(element, out var child))
        {
            child = new FieldSet();
            _children[element] = child;
        }

        return child;
    }

    /// <summary>Marks the path ending here as a member (building only).</summary>
    public void Insert()
    {
        IsMember = true;
        _isEmpty = false;
    }

    /// <summary>Adds one path (building only).</summary>
    public void Insert(params ReadOnlySpan<string> path)
    {
        var node = this;
        foreach (var element in path)
        {
            node = node.Descend(element);
        }

        node.Insert();
    }

    public bool Has(params ReadOnlySpan<string> path)
    {
        var node = this;
        foreach (var element in path)
        {
            node = node.Child(element);
            if (node is null)
            {
                return false;
            }
        }

        return node.IsMember;
    }

    public FieldSet Union(FieldSet other)
    {
        if (other.IsEmpty)
        {
            return this;
        }

        if (IsEmpty)
        {
            return other;
        }

        var result = new FieldSet { IsMember = IsMember || other.IsMember };
        foreach (var (key, child) in Children)
        {
            result.Put(key, other.Child(key) is { } theirs ? child.Union(theirs) : child);
        }

        foreach (var (key, child) in other.Children)
        {
            if (Child(key) is null)
            {
                result.Put(key, child);
            }
        }

        return result;
    }

    /// <summary>The members of this set that are not members of <paramref name="other"/>.</summary>
    public FieldSet Difference(FieldSet other)
    {
        if (other.IsEmpty || IsEmpty)
        {
            return this;
        }

        var result = new FieldSet { IsMember = IsMember && !other.IsMember };
        foreach (var (key, child) in Children)
        {
            result.Put(key, other.Child(key) is { } theirs ? child.Difference(theirs) : child);
        }

        return result;
    }

    public FieldSet Intersection(FieldSet other)
    {
        var result = new FieldSet { IsMember = IsMember && other.IsMember };
        foreach (var (key, child) in Children)
        {
            if (other.Child(key) is { } theirs)
            {
                result.Put(key, child.Intersection(theirs));
            }
        }

        return result;
    }

    /// <summary>True when some member of this set is also a member of <paramref name="other"/> (no allocation).</summary>
    public bool Overlaps(FieldSet other)
    {
        if (IsMember && other.IsMember)
        {
            return true;
        }

        if (_children is null || other._children is null)
        {
            return false;
        }

        foreach (var (key, child) in _children)
        {
            if (other._children.TryGetValue(key, out var theirs) && child.Overlaps(theirs))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when every member of this set is a member of <paramref name="other"/>.</summary>
    public bool IsSubsetOf(FieldSet other)
    {
        if (IsMember && !other.IsMember)
        {
            return false;
        }

        foreach (var (key, child) in Children)
        {
            if (child.IsEmpty)
            {
                continue;
            }

            if (other.Child(key) is not { } theirs || !child.IsSubsetOf(theirs))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The member paths, depth first in FieldsV1 order.</summary>
    public IEnumerable<IReadOnlyList<string>> Paths()
    {
        var prefix = new List<string>();
        return Walk(this, prefix);

        static IEnumerable<IReadOnlyList<string>> Walk(FieldSet node, List<string> prefix)
        {
            if (node.IsMember)
            {
                yield return prefix.ToArray();
            }

            foreach (var (key, child) in node.SortedChildren())
            {
                prefix.Add(key);
                foreach (var path in Walk(child, prefix))
                {
                    yield return path;
                }

                prefix.RemoveAt(prefix.Count - 1);
            }
        }
    }

    /// <summary>The FieldsV1 JSON of this set.</summary>
    public JsonObject ToFieldsV1()
    {
        var obj = new JsonObject();
        if (IsMember && _children is { Count: > 0 } && !IsEmptyBelow())
        {
            obj["."] = new JsonObject();
        }

        foreach (var (key, child) in SortedChildren())
        {
            if (!child.IsEmpty)
            {
                obj[key] = child.ToFieldsV1();
            }
        }

        return obj;
    }

    /// <summary>Reads FieldsV1 JSON; returns null (with a reason) when it is not a well-formed field set.</summary>
    public static FieldSet? FromFieldsV1(JsonElement json, out string? error)
    {
        error = null;
        if (json.ValueKind != JsonValueKind.Object)
        {
            error = "FieldsV1 must be a JSON object";
            return null;
        }

        var set = new FieldSet();
        foreach (var property in json.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Object)
            {
                error = $"the value of {property.Name} must be an object";
                return null;
            }

            if (property.Name == ".")
            {
                set.Insert();
                continue;
            }

            if (!PathElements.IsValid(property.Name))
            {
                error = $"unknown path element {property.Name}";
                return null;
            }

            var child = FromFieldsV1(property.Value, out error);
            if (child is null)
            {
                return null;
            }

            // A leaf ({}) is a member; a node with children is one only when it says "." itself.
            if (!property.Value.EnumerateObject().Any())
            {
                child.Insert();
            }

            set.Put(property.Name, child);
        }

        return set;
    }

    /// <summary>A path as upstream prints it in conflicts: <c>.spec.containers[name="x"].image</c>.</summary>
    public static string PathString(IReadOnlyList<string> path)
    {
        var sb = new StringBuilder();
        foreach (var element in path)
        {
            PathElements.Append(sb, element);
        }

        return sb.ToString();
    }

    private bool IsEmptyBelow() => _children is null || _children.Values.All(c => c.IsEmpty);

    private IEnumerable<KeyValuePair<string, FieldSet>> SortedChildren() =>
        _children is null ? [] : _children.OrderBy(c => c.Key, PathElements.Comparer);

    private void Put(string key, FieldSet child)
    {
        if (child.IsEmpty)
        {
            return;
        }

        _isEmpty = null;
        _children ??= new Dictionary<string, FieldSet>(StringComparer.Ordinal);
        _children[key] = child;
    }
}
