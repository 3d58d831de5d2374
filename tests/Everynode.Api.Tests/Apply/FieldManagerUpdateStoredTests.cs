using System.Text;
using System.Text.Json;
using Everynode.Api.Apply;
using k8s.Models;
using static Everynode.Api.Tests.Apply.ApplyFixture;

namespace Everynode.Api.Tests.Apply;

/// <summary>
/// <see cref="FieldManager.UpdateStored"/> on stored entries (FieldsV1 as raw bytes, as the API server reads them): the
/// same ownership as decoding them and calling <see cref="FieldManager.Update"/>, without decoding when it can.
/// </summary>
public class FieldManagerUpdateStoredTests
{
    private const string Before = "{'metadata':{'labels':{'a':'1','b':'1'}},'spec':{'minReadySeconds':1}}";

    /// <summary>"creator" made the object; "scaler" then set minReadySeconds: each owns its part.</summary>
    private static IReadOnlyList<ManagerEntry> Owners()
    {
        var created = FieldManager.Update(null, Element(Obj("{'metadata':{'labels':{'a':'1','b':'1'}}}")), typeof(V1DaemonSet), false, [], Updater("creator"));
        return FieldManager.Update(Element(Obj("{'metadata':{'labels':{'a':'1','b':'1'}}}")), Element(Obj(Before)), typeof(V1DaemonSet), false, created, Updater("scaler"));
    }

    private static List<V1ManagedFieldsEntry> Stored(IReadOnlyList<ManagerEntry> managers) =>
        [.. ManagedFieldsCodec.Encode(managers)!.Select(e =>
        {
            e.FieldsV1 = new RawFieldsV1(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(e.FieldsV1)));
            return e;
        })];

    private static (IList<V1ManagedFieldsEntry>? Stored, IReadOnlyList<ManagerEntry> Decoded) Both(string after, ManagerEntry writer)
    {
        var managers = Owners();
        var viaStored = FieldManager.UpdateStored(Element(Obj(Before)), Element(Obj(after)), typeof(V1DaemonSet), false, Stored(managers), writer);
        var viaDecoded = FieldManager.Update(Element(Obj(Before)), Element(Obj(after)), typeof(V1DaemonSet), false, managers, writer);
        return (viaStored, viaDecoded);
    }

    private static void AssertSameOwnership(IList<V1ManagedFieldsEntry>? stored, IReadOnlyList<ManagerEntry> decoded)
    {
        var read = ManagedFieldsCodec.Decode(stored, out var error)!;
        Assert.Null(error);
        Assert.Equal(decoded.Select(m => m.Manager).Order(StringComparer.Ordinal), read.Select(m => m.Manager).Order(StringComparer.Ordinal));
        foreach (var m in decoded)
        {
            Assert.Equal(FieldsOf(decoded, m.Manager), FieldsOf(read, m.Manager));
            Assert.Equal(m.Time, read.Single(r => r.Manager == m.Manager).Time);
        }
    }

    [Fact]
    public void ValueTheWriterAloneOwns_KeepsEveryEntry_WithTheWritersNewTime_AndItsStoredBytes()
    {
        var managers = Owners();
        var stored = Stored(managers);
        var result = FieldManager.UpdateStored(
            Element(Obj(Before)), Element(Obj("{'metadata':{'labels':{'a':'1','b':'1'}},'spec':{'minReadySeconds':2}}")), typeof(V1DaemonSet), false, stored, Updater("scaler", T1));

        Assert.NotNull(result);
        Assert.Same(stored.Single(e => e.Manager == "creator"), result.Single(e => e.Manager == "creator"));
        var scaler = result.Single(e => e.Manager == "scaler");
        Assert.Same(stored.Single(e => e.Manager == "scaler").FieldsV1, scaler.FieldsV1); // not decoded, not encoded again
        Assert.Equal(T1, scaler.Time);
        AssertSameOwnership(result, FieldManager.Update(
            Element(Obj(Before)), Element(Obj("{'metadata':{'labels':{'a':'1','b':'1'}},'spec':{'minReadySeconds':2}}")), typeof(V1DaemonSet), false, managers, Updater("scaler", T1)));
    }

    [Theory]
    [InlineData("{'metadata':{'labels':{'a':'2','b':'1'}},'spec':{'minReadySeconds':1}}")] // another manager's value: it moves
    [InlineData("{'metadata':{'labels':{'a':'1','b':'1','c':'1'}},'spec':{'minReadySeconds':1}}")] // an added field
    [InlineData("{'metadata':{'labels':{'a':'1'}},'spec':{'minReadySeconds':1}}")] // a removed field
    [InlineData("{'metadata':{'labels':{'a':'1','b':'1'}},'spec':{'minReadySeconds':3}}")] // the writer's value, by a new writer
    public void AnyOtherChange_IsTheDecodedUpdate(string after)
    {
        var (stored, decoded) = Both(after, Updater(after.Contains("'a':'2'", StringComparison.Ordinal) ? "scaler" : "editor", T1));
        AssertSameOwnership(stored, decoded);
    }

    [Fact]
    public void NothingChanged_ReturnsTheStoredEntriesThemselves()
    {
        var stored = Stored(Owners());
        Assert.Same(stored, FieldManager.UpdateStored(Element(Obj(Before)), Element(Obj(Before)), typeof(V1DaemonSet), false, stored, Updater("editor", T1)));
    }
}
