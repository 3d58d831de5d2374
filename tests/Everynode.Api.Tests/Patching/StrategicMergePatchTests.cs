using Everynode.Api.Patching;
using k8s.Models;

namespace Everynode.Api.Tests.Patching;

/// <summary>Every operation and directive on small Pod specs; realistic objects are in the DaemonSet tests.</summary>
public class StrategicMergePatchTests
{
    [Theory]
    // Maps merge recursively; null deletes a key; an absent key is added.
    [InlineData("{'spec':{'nodeName':'n1','hostNetwork':true}}", "{'spec':{'nodeName':'n2'}}", "{'spec':{'nodeName':'n2','hostNetwork':true}}")]
    [InlineData("{'spec':{'nodeSelector':{'a':'1','b':'2'}}}", "{'spec':{'nodeSelector':{'a':null,'c':'3'}}}", "{'spec':{'nodeSelector':{'b':'2','c':'3'}}}")]
    [InlineData("{'spec':{'nodeSelector':{'a':'1'}}}", "{'spec':{'nodeSelector':null}}", "{'spec':{}}")]
    [InlineData("{'spec':{}}", "{'spec':{'nodeSelector':{'a':'1','gone':null}}}", "{'spec':{'nodeSelector':{'a':'1'}}}")]
    [InlineData("{'spec':{'priority':1}}", "{'spec':{'missing':null}}", "{'spec':{'priority':1}}")]
    // A value of another JSON kind replaces the original.
    [InlineData("{'spec':{'nodeSelector':{'a':'1'}}}", "{'spec':{'nodeSelector':'x'}}", "{'spec':{'nodeSelector':'x'}}")]
    // $patch on maps.
    [InlineData("{'spec':{'nodeSelector':{'a':'1'}}}", "{'spec':{'nodeSelector':{'b':'2','$patch':'replace'}}}", "{'spec':{'nodeSelector':{'b':'2'}}}")]
    [InlineData("{'spec':{'nodeSelector':{'a':'1'}}}", "{'spec':{'nodeSelector':{'$patch':'delete'}}}", "{'spec':{'nodeSelector':{}}}")]
    [InlineData("{'spec':{'nodeSelector':{'a':'1'}}}", "{'spec':{'nodeSelector':{'b':'2','$patch':'merge'}}}", "{'spec':{'nodeSelector':{'a':'1','b':'2'}}}")]
    [InlineData("{'spec':{'nodeName':'n1'}}", "{'$patch':'replace','spec':{'hostNetwork':true}}", "{'spec':{'hostNetwork':true}}")]
    // Fields the model does not know merge like plain maps; their lists are replaced.
    [InlineData("{'extra':{'a':1,'l':[1,2]}}", "{'extra':{'b':2,'l':[3]}}", "{'extra':{'a':1,'b':2,'l':[3]}}")]
    // Atomic lists (no patch strategy) are replaced whole.
    [InlineData("{'spec':{'tolerations':[{'key':'a'},{'key':'b'}]}}", "{'spec':{'tolerations':[{'key':'c'}]}}", "{'spec':{'tolerations':[{'key':'c'}]}}")]
    [InlineData("{'spec':{'containers':[{'name':'c','args':['a','b']}]}}", "{'spec':{'containers':[{'name':'c','args':['z']}]}}", "{'spec':{'containers':[{'name':'c','args':['z']}]}}")]
    public void Apply_MapsAndAtomicLists_MergeAsUpstream(string original, string patch, string expected) =>
        Json.Equal(expected, StrategicMergePatch.Apply(Json.Parse(original), Json.Parse(patch)!, typeof(V1Pod)));

    [Theory]
    // Merge by key: matched elements merge, new elements are added, unlisted elements are kept.
    [InlineData("[{'name':'a','image':'x'},{'name':'b','image':'y'}]", "[{'name':'b','image':'z'}]", "[{'name':'a','image':'x'},{'name':'b','image':'z'}]")]
    // Upstream places a new element before the server's elements when it cannot tell their relative order.
    [InlineData("[{'name':'a'}]", "[{'name':'b'}]", "[{'name':'b'},{'name':'a'}]")]
    [InlineData("[{'name':'a'},{'name':'b'}]", "[{'name':'b','image':'i'},{'name':'c'}]", "[{'name':'a'},{'name':'b','image':'i'},{'name':'c'}]")]
    // $patch: delete removes by merge key; $patch: replace replaces the list with the rest of the patch.
    [InlineData("[{'name':'a'},{'name':'b'}]", "[{'name':'a','$patch':'delete'}]", "[{'name':'b'}]")]
    [InlineData("[{'name':'a'},{'name':'b'}]", "[{'name':'c'},{'$patch':'replace'}]", "[{'name':'c'}]")]
    [InlineData("[{'name':'a'}]", "[]", "[{'name':'a'}]")]
    public void Apply_ContainersMergeByName(string containers, string patchContainers, string expected) =>
        Json.Equal(
            $"{{'spec':{{'containers':{expected}}}}}",
            StrategicMergePatch.Apply(Json.Parse($"{{'spec':{{'containers':{containers}}}}}"), Json.Parse($"{{'spec':{{'containers':{patchContainers}}}}}")!, typeof(V1Pod)));

    [Theory]
    [InlineData("ports", "[{'containerPort':80,'protocol':'TCP'}]", "[{'containerPort':80,'name':'http'}]", "[{'containerPort':80,'protocol':'TCP','name':'http'}]")]
    [InlineData("volumeMounts", "[{'mountPath':'/a','name':'x'}]", "[{'mountPath':'/a','readOnly':true}]", "[{'mountPath':'/a','name':'x','readOnly':true}]")]
    [InlineData("volumeDevices", "[{'devicePath':'/dev/a','name':'x'}]", "[{'devicePath':'/dev/a','name':'y'}]", "[{'devicePath':'/dev/a','name':'y'}]")]
    [InlineData("env", "[{'name':'A','value':'1'},{'name':'B','value':'2'}]", "[{'name':'A','value':'9'}]", "[{'name':'A','value':'9'},{'name':'B','value':'2'}]")]
    public void Apply_ContainerListsMergeByTheirUpstreamKey(string field, string original, string patch, string expected) =>
        Json.Equal(
            $"{{'spec':{{'containers':[{{'name':'c','{field}':{expected}}}]}}}}",
            StrategicMergePatch.Apply(
                Json.Parse($"{{'spec':{{'containers':[{{'name':'c','{field}':{original}}}]}}}}"),
                Json.Parse($"{{'spec':{{'containers':[{{'name':'c','{field}':{patch}}}]}}}}")!,
                typeof(V1Pod)));

    [Theory]
    [InlineData("imagePullSecrets", "{'name':'s1'}", "{'name':'s2'}")]
    [InlineData("hostAliases", "{'ip':'10.0.0.1','hostnames':['a']}", "{'ip':'10.0.0.2','hostnames':['b']}")]
    [InlineData("initContainers", "{'name':'i1'}", "{'name':'i2'}")]
    [InlineData("ephemeralContainers", "{'name':'e1'}", "{'name':'e2'}")]
    [InlineData("topologySpreadConstraints", "{'topologyKey':'zone','maxSkew':1}", "{'topologyKey':'host','maxSkew':2}")]
    [InlineData("schedulingGates", "{'name':'g1'}", "{'name':'g2'}")]
    [InlineData("resourceClaims", "{'name':'r1'}", "{'name':'r2'}")]
    public void Apply_PodSpecMergeLists_KeepTheExistingElement(string field, string existing, string added)
    {
        var patched = StrategicMergePatch.Apply(
            Json.Parse($"{{'spec':{{'{field}':[{existing}]}}}}"), Json.Parse($"{{'spec':{{'{field}':[{added}]}}}}")!, typeof(V1Pod));

        Json.Equal($"{{'spec':{{'{field}':[{added},{existing}]}}}}", patched);
    }

    [Theory]
    [InlineData("{'status':{'conditions':[{'type':'Ready','status':'False'},{'type':'PodScheduled','status':'True'}]}}", "{'status':{'conditions':[{'type':'Ready','status':'True'}]}}", "{'status':{'conditions':[{'type':'Ready','status':'True'},{'type':'PodScheduled','status':'True'}]}}")]
    [InlineData("{'status':{'podIPs':[{'ip':'10.0.0.1'}]}}", "{'status':{'podIPs':[{'ip':'fd00::1'}]}}", "{'status':{'podIPs':[{'ip':'fd00::1'},{'ip':'10.0.0.1'}]}}")]
    [InlineData("{'status':{'containerStatuses':[{'name':'a','ready':true},{'name':'b'}]}}", "{'status':{'containerStatuses':[{'name':'a','ready':false}]}}", "{'status':{'containerStatuses':[{'name':'a','ready':false}]}}")]
    public void Apply_PodStatusLists_FollowTheirStrategy(string original, string patch, string expected) =>
        Json.Equal(expected, StrategicMergePatch.Apply(Json.Parse(original), Json.Parse(patch)!, typeof(V1Pod)));

    [Theory]
    [InlineData("{'status':{'conditions':[{'type':'Ready','status':'Unknown'}]}}", "{'status':{'conditions':[{'type':'Ready','status':'True'}]}}", "{'status':{'conditions':[{'type':'Ready','status':'True'}]}}")]
    [InlineData("{'status':{'addresses':[{'type':'InternalIP','address':'10.0.0.1'},{'type':'Hostname','address':'n1'}]}}", "{'status':{'addresses':[{'type':'InternalIP','address':'10.0.0.2'}]}}", "{'status':{'addresses':[{'type':'InternalIP','address':'10.0.0.2'},{'type':'Hostname','address':'n1'}]}}")]
    [InlineData("{'spec':{'taints':[{'key':'a','effect':'NoSchedule'}]}}", "{'spec':{'taints':[{'key':'dedicated','value':'gpu','effect':'NoSchedule'}]}}", "{'spec':{'taints':[{'key':'dedicated','value':'gpu','effect':'NoSchedule'}]}}")]
    [InlineData("{'spec':{'taints':[{'key':'a','effect':'NoSchedule'}]}}", "{'spec':{'taints':null}}", "{'spec':{}}")]
    [InlineData("{'spec':{'podCIDRs':['10.0.0.0/24']}}", "{'spec':{'podCIDRs':['fd00::/64']}}", "{'spec':{'podCIDRs':['fd00::/64','10.0.0.0/24']}}")]
    public void Apply_NodeFields_FollowTheirStrategy(string original, string patch, string expected) =>
        Json.Equal(expected, StrategicMergePatch.Apply(Json.Parse(original), Json.Parse(patch)!, typeof(V1Node)));

    [Theory]
    [InlineData("['a','b']", "{'finalizers':['c']}", "['c','a','b']")]
    [InlineData("['a','b']", "{'finalizers':['b','c']}", "['a','b','c']")]
    [InlineData("['a','b']", "{'finalizers':['a','a']}", "['a','b']")]
    [InlineData("['a','b','c']", "{'$deleteFromPrimitiveList/finalizers':['b']}", "['a','c']")]
    [InlineData("['a','b']", "{'$deleteFromPrimitiveList/finalizers':['a'],'finalizers':['d']}", "['d','b']")]
    [InlineData("['a','b','c']", "{'$setElementOrder/finalizers':['c','a','b']}", "['c','a','b']")]
    [InlineData("['a','b']", "{'$setElementOrder/finalizers':['b','x','a'],'finalizers':['x']}", "['b','x','a']")]
    public void Apply_Finalizers_AreAMergingPrimitiveList(string finalizers, string metadataPatch, string expected) =>
        Json.Equal(
            $"{{'metadata':{{'finalizers':{expected}}}}}",
            StrategicMergePatch.Apply(Json.Parse($"{{'metadata':{{'finalizers':{finalizers}}}}}"), Json.Parse($"{{'metadata':{metadataPatch}}}")!, typeof(V1Pod)));

    [Fact]
    public void Apply_OwnerReferences_MergeByUid()
    {
        var original = Json.Parse("{'metadata':{'ownerReferences':[{'uid':'u1','kind':'DaemonSet','name':'ds'}]}}");
        var patch = Json.Parse("{'metadata':{'ownerReferences':[{'uid':'u1','blockOwnerDeletion':true}]}}")!;

        Json.Equal(
            "{'metadata':{'ownerReferences':[{'uid':'u1','kind':'DaemonSet','name':'ds','blockOwnerDeletion':true}]}}",
            StrategicMergePatch.Apply(original, patch, typeof(V1Pod)));
    }

    [Fact]
    public void Apply_RetainKeys_DropsTheKeysTheDirectiveDoesNotList()
    {
        var original = Json.Parse("{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}");
        var patch = Json.Parse("{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}")!;

        Json.Equal("{'spec':{'strategy':{'type':'Recreate'}}}", StrategicMergePatch.Apply(original, patch, typeof(V1Deployment)));
    }

    [Fact]
    public void Apply_NewElementWithDirectives_StoresNoDirectives()
    {
        var patch = Json.Parse("{'spec':{'containers':[{'name':'new','env':[{'name':'X','$patch':'delete'},{'name':'Y','value':'1'}],'resources':{'limits':null}}]}}")!;

        var patched = StrategicMergePatch.Apply(Json.Parse("{'spec':{}}"), patch, typeof(V1Pod));

        Json.Equal("{'spec':{'containers':[{'name':'new','env':[{'name':'Y','value':'1'}],'resources':{}}]}}", patched);
    }

    [Fact]
    public void Apply_DoesNotChangeItsArguments()
    {
        var original = Json.Parse("{'spec':{'containers':[{'name':'a','image':'x'}]}}");
        var patch = Json.Parse("{'spec':{'containers':[{'name':'a','image':'y'}],'$setElementOrder/containers':[{'name':'a'}]}}")!;
        var patchText = patch.ToJsonString();

        StrategicMergePatch.Apply(original, patch, typeof(V1Pod));

        Json.Equal("{'spec':{'containers':[{'name':'a','image':'x'}]}}", original);
        Assert.Equal(patchText, patch.ToJsonString());
    }

    [Fact]
    public void Apply_NullOriginal_StartsFromAnEmptyObject() =>
        Json.Equal("{'metadata':{'name':'p'}}", StrategicMergePatch.Apply(null, Json.Parse("{'metadata':{'name':'p','x':null}}")!, typeof(V1Pod)));
}
