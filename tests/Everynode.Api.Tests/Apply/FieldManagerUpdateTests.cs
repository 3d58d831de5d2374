using Everynode.Api.Apply;
using k8s.Models;
using static Everynode.Api.Tests.Apply.ApplyFixture;

namespace Everynode.Api.Tests.Apply;

/// <summary>Ownership recorded by creates, updates and patches (operation Update).</summary>
public class FieldManagerUpdateTests
{
    private static IReadOnlyList<ManagerEntry> Update(string? before, string after, IReadOnlyList<ManagerEntry> managers, ManagerEntry writer, bool status = false) =>
        FieldManager.Update(before is null ? null : Element(Obj(before)), Element(Obj(after)), typeof(V1DaemonSet), status, managers, writer);

    [Fact]
    public void Create_OwnsEveryFieldAndMarksNewMapsAndItems()
    {
        var managers = Update(null, "{'metadata':{'name':'ds','labels':{'a':'1'}},'spec':{'template':{'spec':{'containers':[{'name':'c','image':'i'}]}}}}", [], Updater("kubectl-create"));

        Assert.Equal(
            [
                ".metadata.labels",
                ".metadata.labels.a",
                ".spec.template.spec.containers[name=\"c\"]",
                ".spec.template.spec.containers[name=\"c\"].image",
                ".spec.template.spec.containers[name=\"c\"].name",
            ],
            FieldsOf(managers, "kubectl-create"));
    }

    [Fact]
    public void Update_ChangedField_MovesFromItsOwnerToTheWriter()
    {
        const string before = "{'metadata':{'labels':{'a':'1','b':'1'}}}";
        var managers = Update(null, before, [], Updater("creator"));
        managers = Update(before, "{'metadata':{'labels':{'a':'2','b':'1'}}}", managers, Updater("editor", T1));

        Assert.Equal([".metadata.labels.a"], FieldsOf(managers, "editor"));
        Assert.Equal([".metadata.labels", ".metadata.labels.b"], FieldsOf(managers, "creator"));
        Assert.Equal(T1, managers.Single(m => m.Manager == "editor").Time);
    }

    [Fact]
    public void Update_RemovedField_IsOwnedByNobody()
    {
        const string before = "{'metadata':{'labels':{'a':'1','b':'1'}}}";
        var managers = Update(null, before, [], Updater("creator"));
        managers = Update(before, "{'metadata':{'labels':{'b':'1'}}}", managers, Updater("editor"));

        Assert.Equal([".metadata.labels", ".metadata.labels.b"], FieldsOf(managers, "creator"));
        Assert.DoesNotContain(managers, m => m.Manager == "editor");
    }

    [Fact]
    public void Update_NothingChanged_ReturnsTheSameEntries()
    {
        const string obj = "{'metadata':{'labels':{'a':'1'}}}";
        var managers = Update(null, obj, [], Updater("creator"));

        Assert.Same(managers, Update(obj, obj, managers, Updater("creator", T1)));
    }

    [Fact]
    public void Update_SameManagerAgain_AddsToItsFieldsAndKeepsOneEntry()
    {
        const string before = "{'metadata':{'labels':{'a':'1'}}}";
        var managers = Update(null, before, [], Updater("m"));
        managers = Update(before, "{'metadata':{'labels':{'a':'1','b':'2'}}}", managers, Updater("m", T1));

        var entry = Assert.Single(managers);
        Assert.Equal([".metadata.labels", ".metadata.labels.a", ".metadata.labels.b"], FieldsOf(managers, "m"));
        Assert.Equal(T1, entry.Time);
    }

    [Fact]
    public void StatusWrite_OwnsStatusOnly_AndMainWriteIgnoresStatus()
    {
        const string before = "{'spec':{'minReadySeconds':1},'status':{'numberReady':0}}";
        var status = Update(before, "{'spec':{'minReadySeconds':5},'status':{'numberReady':3}}", [], Updater("controller") with { Subresource = "status" }, status: true);
        var main = Update(before, "{'spec':{'minReadySeconds':5},'status':{'numberReady':3}}", [], Updater("user"));

        Assert.Equal([".status.numberReady"], FieldsOf(status, "controller"));
        Assert.Equal([".spec.minReadySeconds"], FieldsOf(main, "user"));
    }

    [Fact]
    public void Update_ServerSetMetadata_IsNotOwned()
    {
        var managers = Update(null, "{'apiVersion':'apps/v1','kind':'DaemonSet','metadata':{'name':'ds','uid':'u','generation':1,'creationTimestamp':'2026-01-01T00:00:00Z','resourceVersion':'5'}}", [], Updater("m"));

        Assert.Empty(managers);
    }
}
