using System.Text.Json;
using System.Text.Json.Nodes;
using Everynode.Api.Apply;
using Everynode.Api.Tests.Patching;

namespace Everynode.Api.Tests.Apply;

/// <summary>Helpers for the field-ownership tests: managers, objects written with single quotes, FieldsV1 text.</summary>
internal static class ApplyFixture
{
    public static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime T1 = T0.AddMinutes(1);

    public static ManagerEntry Applier(string name, DateTime? time = null) => new(name, ManagerEntry.Apply, "apps/v1", time ?? T0, null, FieldSet.Empty);

    public static ManagerEntry Updater(string name, DateTime? time = null) => new(name, ManagerEntry.Update, "apps/v1", time ?? T0, null, FieldSet.Empty);

    public static JsonObject Obj(string json) => (JsonObject)Json.Parse(json)!;

    public static JsonElement Element(JsonObject obj) => JsonSerializer.SerializeToElement(obj);

    /// <summary>The paths one manager owns, as upstream prints them (<c>.spec.containers[name="c"].image</c>).</summary>
    public static string[] FieldsOf(IReadOnlyList<ManagerEntry> managers, string manager) =>
        [.. managers.Single(m => m.Manager == manager).Fields.Paths().Select(FieldSet.PathString)];
}
