using Everynode.Api.Apply;
using Everynode.Api.Tests.Patching;
using k8s.Models;
using static Everynode.Api.Tests.Apply.ApplyFixture;

namespace Everynode.Api.Tests.Apply;

/// <summary>Server-side apply: merge, ownership, removal on re-apply, shared ownership, conflicts and force.</summary>
public class FieldManagerApplyTests
{
    private const string Ds = "{'apiVersion':'apps/v1','kind':'DaemonSet','metadata':{'name':'ds','namespace':'default'";

    private static (System.Text.Json.Nodes.JsonObject Object, IReadOnlyList<ManagerEntry> Managers) Apply(
        System.Text.Json.Nodes.JsonObject? live, string config, IReadOnlyList<ManagerEntry> managers, string manager = "a", bool force = false) =>
        FieldManager.Apply(live, Obj(config), typeof(V1DaemonSet), false, managers, Applier(manager), force);

    private static string Containers(string containers) =>
        Ds + "},'spec':{'template':{'spec':{'containers':" + containers + "}}}}";

    [Fact]
    public void Apply_NewObject_OwnsEveryAppliedLeafAndItem()
    {
        var (obj, managers) = Apply(null, Ds + ",'labels':{'app':'x'}},'spec':{'selector':{'matchLabels':{'app':'x'}},'template':{'spec':{'containers':[{'name':'c','image':'i:1','ports':[{'containerPort':80}]}]}}}}", []);

        Assert.Equal("x", obj["metadata"]!["labels"]!["app"]!.GetValue<string>());
        var entry = Assert.Single(managers);
        Assert.Equal((ManagerEntry.Apply, T0), (entry.Operation, entry.Time));
        Assert.Equal(
            [
                ".metadata.labels.app",
                ".spec.selector",
                ".spec.template.spec.containers[name=\"c\"]",
                ".spec.template.spec.containers[name=\"c\"].image",
                ".spec.template.spec.containers[name=\"c\"].name",
                ".spec.template.spec.containers[name=\"c\"].ports[containerPort=80,protocol=\"TCP\"]",
                ".spec.template.spec.containers[name=\"c\"].ports[containerPort=80,protocol=\"TCP\"].containerPort",
            ],
            FieldsOf(managers, "a"));
    }

    [Fact]
    public void Reapply_WithoutALabelOrContainer_RemovesThem()
    {
        var (live, managers) = Apply(null, Ds + ",'labels':{'a':'1','b':'2'}},'spec':{'template':{'spec':{'containers':[{'name':'c1','image':'i'},{'name':'c2','image':'i'}]}}}}", []);
        var (obj, after) = Apply(live, Ds + ",'labels':{'a':'1'}},'spec':{'template':{'spec':{'containers':[{'name':'c1','image':'i'}]}}}}", managers);

        Json.Equal("{'a':'1'}", obj["metadata"]!["labels"]);
        Json.Equal("[{'name':'c1','image':'i'}]", obj["spec"]!["template"]!["spec"]!["containers"]);
        Assert.DoesNotContain(FieldsOf(after, "a"), p => p.Contains("c2", StringComparison.Ordinal));
    }

    [Fact]
    public void Reapply_WithoutAFieldAnotherApplierOwns_KeepsItForThem()
    {
        var (live, managers) = Apply(null, Ds + ",'labels':{'shared':'1','mine':'1'}}}", []);
        (live, managers) = Apply(live, Ds + ",'labels':{'shared':'1'}}}", managers, "b");
        var (obj, after) = Apply(live, Ds + "}}", managers);

        Json.Equal("{'shared':'1'}", obj["metadata"]!["labels"]);
        Assert.Equal([".metadata.labels.shared"], FieldsOf(after, "b"));
        Assert.DoesNotContain(after, m => m.Manager == "a");
    }

    [Fact]
    public void Reapply_WithoutAContainerWhoseImageAnUpdaterSet_KeepsTheContainerWithThatField()
    {
        var (live, managers) = Apply(null, Containers("[{'name':'c','image':'i:1','args':['x']}]"), []);
        var edited = Obj(Containers("[{'name':'c','image':'i:2','args':['x']}]"));
        managers = FieldManager.Update(Element(live), Element(edited), typeof(V1DaemonSet), false, managers, Updater("kubectl-set"));
        var (obj, _) = Apply(edited, Containers("[]"), managers);

        Json.Equal("[{'name':'c','image':'i:2'}]", obj["spec"]!["template"]!["spec"]!["containers"]);
    }

    [Fact]
    public void Apply_FieldAnUpdaterChanged_ConflictsWithUpstreamsMessage()
    {
        var (live, managers) = Apply(null, Containers("[{'name':'x','image':'i:1'}]"), [], "kubectl");
        var edited = Obj(Containers("[{'name':'x','image':'i:2'}]"));
        managers = FieldManager.Update(Element(live), Element(edited), typeof(V1DaemonSet), false, managers, Updater("kubectl-client-side-apply"));

        var e = Assert.Throws<ApplyConflictException>(() => Apply(edited, Containers("[{'name':'x','image':'i:3'}]"), managers, "kubectl"));

        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.template.spec.containers[name=\"x\"].image", e.Message);
        var conflict = Assert.Single(e.Conflicts);
        Assert.Equal(".spec.template.spec.containers[name=\"x\"].image", conflict.Path);
    }

    [Fact]
    public void Apply_SeveralConflicts_AreGroupedByManager()
    {
        var (live, managers) = Apply(null, Ds + ",'labels':{'a':'1','b':'1'}}}", [], "first");

        var e = Assert.Throws<ApplyConflictException>(() => Apply(live, Ds + ",'labels':{'a':'2','b':'2'}}}", managers, "second"));

        Assert.Equal("Apply failed with 2 conflicts: conflicts with \"first\":\n- .metadata.labels.a\n- .metadata.labels.b", e.Message);
    }

    [Fact]
    public void Apply_SameValueAnotherManagerOwns_SharesOwnershipWithoutConflict()
    {
        var (live, managers) = Apply(null, Ds + ",'labels':{'a':'1'}}}", [], "first");
        var (_, after) = Apply(live, Ds + ",'labels':{'a':'1'}}}", managers, "second");

        Assert.Equal(FieldsOf(after, "first"), FieldsOf(after, "second"));
    }

    [Fact]
    public void Apply_Forced_TakesTheFieldAndDropsTheEmptiedManager()
    {
        var (live, managers) = Apply(null, Ds + ",'labels':{'a':'1'}}}", [], "first");
        var (obj, after) = Apply(live, Ds + ",'labels':{'a':'2'}}}", managers, "second", force: true);

        Assert.Equal("2", obj["metadata"]!["labels"]!["a"]!.GetValue<string>());
        Assert.Equal("second", Assert.Single(after).Manager);
    }

    [Fact]
    public void Apply_Unchanged_KeepsTheApplierTime()
    {
        var (live, managers) = Apply(null, Ds + ",'labels':{'a':'1'}}}", []);
        var (_, after) = FieldManager.Apply(live, Obj(Ds + ",'labels':{'a':'1'}}}"), typeof(V1DaemonSet), false, managers, Applier("a", T1), false);

        Assert.Equal(T0, Assert.Single(after).Time);
    }

    [Fact]
    public void Apply_StatusOnTheMainResource_IsNotOwned()
    {
        var (_, managers) = Apply(null, Ds + ",'labels':{'a':'1'}},'status':{'numberReady':3}}", []);

        Assert.Equal([".metadata.labels.a"], FieldsOf(managers, "a"));
    }

    [Theory]
    // Map lists merge on their keys; items only the configuration has follow the live ones.
    [InlineData("{'spec':{'containers':[{'name':'a','image':'x'},{'name':'b'}]}}", "{'spec':{'containers':[{'name':'b','image':'z'}]}}", "{'spec':{'containers':[{'name':'a','image':'x'},{'name':'b','image':'z'}]}}")]
    [InlineData("{'spec':{'containers':[{'name':'a'}]}}", "{'spec':{'containers':[{'name':'b'}]}}", "{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}")]
    [InlineData("{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}", "{'spec':{'containers':[{'name':'b'},{'name':'c'},{'name':'a'}]}}", "{'spec':{'containers':[{'name':'b'},{'name':'c'},{'name':'a'}]}}")]
    // Ports are keyed by containerPort and protocol, protocol defaulting to TCP.
    [InlineData("{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'protocol':'TCP','name':'http'}]}]}}", "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'hostPort':8080}]}]}}", "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'protocol':'TCP','name':'http','hostPort':8080}]}]}}")]
    // Sets merge by value.
    [InlineData("{'metadata':{'finalizers':['x']}}", "{'metadata':{'finalizers':['y','x']}}", "{'metadata':{'finalizers':['y','x']}}")]
    [InlineData("{'metadata':{'finalizers':['x']}}", "{'metadata':{'finalizers':['y']}}", "{'metadata':{'finalizers':['x','y']}}")]
    // Atomic lists and maps are replaced whole.
    [InlineData("{'spec':{'tolerations':[{'key':'a'}]}}", "{'spec':{'tolerations':[{'key':'b'}]}}", "{'spec':{'tolerations':[{'key':'b'}]}}")]
    [InlineData("{'spec':{'containers':[{'name':'a','command':['x','y']}]}}", "{'spec':{'containers':[{'name':'a','command':['z']}]}}", "{'spec':{'containers':[{'name':'a','command':['z']}]}}")]
    [InlineData("{'spec':{'nodeSelector':{'a':'1'}}}", "{'spec':{'nodeSelector':{'b':'2'}}}", "{'spec':{'nodeSelector':{'b':'2'}}}")]
    // Granular maps merge key by key.
    [InlineData("{'metadata':{'labels':{'a':'1'}}}", "{'metadata':{'labels':{'b':'2'}}}", "{'metadata':{'labels':{'a':'1','b':'2'}}}")]
    public void Apply_ToAnUnownedPod_MergesEachListByItsType(string live, string config, string expected)
    {
        var (obj, _) = FieldManager.Apply(Obj(live), Obj(config), typeof(V1Pod), false, [], Applier("a"), false);

        Json.Equal(expected, obj);
    }
}
