using System.Globalization;
using System.Text.Json;

namespace Everynode.Api.Apply;

/// <summary>How an item of a merged list is named in a path: by its key fields, by its value, or by its index.</summary>
internal static class ListItems
{
    /// <summary>The path element of one item; an item whose keys are missing falls back to its index.</summary>
    public static string Element(JsonElement item, Shape list, int index) => list.Kind switch
    {
        ShapeKind.MapList => PathElements.Key(item, list.Keys!) ?? Index(index),
        ShapeKind.SetList => PathElements.Value(item),
        _ => Index(index),
    };

    public static string Index(int index) => "i:" + index.ToString(CultureInfo.InvariantCulture);
}
