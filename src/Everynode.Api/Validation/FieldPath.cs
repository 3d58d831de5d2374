using System.Globalization;

namespace Everynode.Api.Validation;

/// <summary>
/// A field path rendered the way upstream's field.Path renders it: <c>spec.containers[0].ports[1].name</c>,
/// map keys in brackets without quotes (<c>resources.requests[cpu]</c>).
/// </summary>
public readonly record struct FieldPath(string Value)
{
    public static FieldPath Root(string name) => new(name);

    public FieldPath Child(string name) => new(Value.Length == 0 ? name : Value + "." + name);

    public FieldPath Child(string name, params string[] more)
    {
        var path = Child(name);
        foreach (var m in more)
        {
            path = path.Child(m);
        }

        return path;
    }

    public FieldPath Index(int index) => new(Value + "[" + index.ToString(CultureInfo.InvariantCulture) + "]");

    public FieldPath Key(string key) => new(Value + "[" + key + "]");

    public override string ToString() => Value;
}
