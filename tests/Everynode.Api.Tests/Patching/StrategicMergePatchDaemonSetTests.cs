using Everynode.Api.Patching;
using k8s.Models;

namespace Everynode.Api.Tests.Patching;

/// <summary>Strategic merge patches on a realistic DaemonSet, including the bodies kubectl sends.</summary>
public class StrategicMergePatchDaemonSetTests
{
    private const string DaemonSet = """
        {'apiVersion':'apps/v1','kind':'DaemonSet',
         'metadata':{'name':'log-agent','namespace':'default','labels':{'app':'log-agent','tier':'node'},
                     'finalizers':['example.com/cleanup']},
         'spec':{'selector':{'matchLabels':{'app':'log-agent'}},
                 'updateStrategy':{'type':'RollingUpdate','rollingUpdate':{'maxUnavailable':1}},
                 'template':{'metadata':{'labels':{'app':'log-agent'}},
                   'spec':{'containers':[
                       {'name':'agent','image':'busybox:1.36','args':['-v'],
                        'env':[{'name':'LEVEL','value':'info'},{'name':'NODE','valueFrom':{'fieldRef':{'fieldPath':'spec.nodeName'}}}],
                        'volumeMounts':[{'name':'logs','mountPath':'/var/log'}]},
                       {'name':'sidecar','image':'nginx:1.27'}],
                     'tolerations':[{'key':'node-role.kubernetes.io/control-plane','operator':'Exists','effect':'NoSchedule'}],
                     'volumes':[{'name':'logs','hostPath':{'path':'/var/log','type':'Directory'}}]}}}}
        """;

    private static JsonNodeAssert Patch(string patch) =>
        new(StrategicMergePatch.Apply(Json.Parse(DaemonSet), Json.Parse(patch)!, typeof(V1DaemonSet)));

    [Fact]
    public void Patch_ContainerImageByName_KeepsTheOtherContainers() =>
        Patch("{'spec':{'template':{'spec':{'containers':[{'name':'agent','image':'busybox:1.37'}]}}}}")
            .At("spec.template.spec.containers", """
                [{'name':'agent','image':'busybox:1.37','args':['-v'],
                  'env':[{'name':'LEVEL','value':'info'},{'name':'NODE','valueFrom':{'fieldRef':{'fieldPath':'spec.nodeName'}}}],
                  'volumeMounts':[{'name':'logs','mountPath':'/var/log'}]},
                 {'name':'sidecar','image':'nginx:1.27'}]
                """);

    // Upstream keeps the patch's relative order (LEVEL before NEW) and slots the server-only NODE after them.
    [Fact]
    public void Patch_EnvByName_ChangesOneVariableAndAddsAnother() =>
        Patch("{'spec':{'template':{'spec':{'containers':[{'name':'agent','env':[{'name':'LEVEL','value':'debug'},{'name':'NEW','value':'1'}]}]}}}}")
            .At("spec.template.spec.containers[0].env", """
                [{'name':'LEVEL','value':'debug'},{'name':'NEW','value':'1'},{'name':'NODE','valueFrom':{'fieldRef':{'fieldPath':'spec.nodeName'}}}]
                """);

    [Fact]
    public void Patch_DeleteDirectiveOnOneContainer_RemovesOnlyThatContainer() =>
        Patch("{'spec':{'template':{'spec':{'containers':[{'$patch':'delete','name':'sidecar'}]}}}}")
            .At("spec.template.spec.containers[*].name", "['agent']");

    [Fact]
    public void Patch_Tolerations_AreReplacedAtomically() =>
        Patch("{'spec':{'template':{'spec':{'tolerations':[{'operator':'Exists'}]}}}}")
            .At("spec.template.spec.tolerations", "[{'operator':'Exists'}]");

    [Fact]
    public void Patch_Finalizers_MergeAsAPrimitiveList() =>
        Patch("{'metadata':{'finalizers':['example.com/audit']}}")
            .At("metadata.finalizers", "['example.com/audit','example.com/cleanup']");

    [Fact]
    public void Patch_DeleteFromPrimitiveList_RemovesTheFinalizer() =>
        Patch("{'metadata':{'$deleteFromPrimitiveList/finalizers':['example.com/cleanup']}}")
            .At("metadata.finalizers", "[]");

    [Fact]
    public void Patch_NullLabel_DeletesTheLabel() =>
        Patch("{'metadata':{'labels':{'tier':null}}}").At("metadata.labels", "{'app':'log-agent'}");

    [Fact]
    public void Patch_SetElementOrderContainers_ReordersTheContainers() =>
        Patch("{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'sidecar'},{'name':'agent'}]}}}}")
            .At("spec.template.spec.containers[*].name", "['sidecar','agent']");

    [Fact]
    public void Patch_RetainKeysOnAVolume_SwitchesHostPathToEmptyDir() =>
        Patch("{'spec':{'template':{'spec':{'volumes':[{'$retainKeys':['emptyDir','name'],'emptyDir':{},'name':'logs'}]}}}}")
            .At("spec.template.spec.volumes", "[{'name':'logs','emptyDir':{}}]");

    [Fact]
    public void Patch_UpdateStrategyNull_DeletesIt() =>
        Patch("{'spec':{'updateStrategy':null}}").At("spec", null, absentKey: "updateStrategy");

    [Fact]
    public void KubectlSetImage_PatchesTheNamedContainerAndKeepsTheOrder() =>
        Patch("{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'agent'}],'containers':[{'image':'img','name':'agent'}]}}}}")
            .At("spec.template.spec.containers[*].image", "['img','nginx:1.27']");

    [Fact]
    public void KubectlRolloutRestart_AddsTheRestartedAtAnnotationToTheTemplate() =>
        Patch("{'spec':{'template':{'metadata':{'annotations':{'kubectl.kubernetes.io/restartedAt':'2026-11-22T15:36:02Z'}}}}}")
            .At("spec.template.metadata", "{'labels':{'app':'log-agent'},'annotations':{'kubectl.kubernetes.io/restartedAt':'2026-11-22T15:36:02Z'}}");

    [Fact]
    public void KubectlRolloutUndo_ReplacesTheTemplateWithTheRevisionData()
    {
        const string revisionData = """
            {'spec':{'template':{'metadata':{'labels':{'app':'log-agent'}},
              'spec':{'containers':[{'name':'agent','image':'busybox:1.35'}]},'$patch':'replace'}}}
            """;

        var patched = Patch(revisionData);

        patched.At("spec.template", "{'metadata':{'labels':{'app':'log-agent'}},'spec':{'containers':[{'name':'agent','image':'busybox:1.35'}]}}");
        patched.At("spec.updateStrategy", "{'type':'RollingUpdate','rollingUpdate':{'maxUnavailable':1}}");
    }

    [Fact]
    public void KubectlCordon_SetsUnschedulableAndUncordonRemovesIt()
    {
        var node = Json.Parse("{'metadata':{'name':'n1'},'spec':{'podCIDR':'10.0.0.0/24'}}");

        var cordoned = StrategicMergePatch.Apply(node, Json.Parse("{'spec':{'unschedulable':true}}")!, typeof(V1Node));
        var uncordoned = StrategicMergePatch.Apply(cordoned, Json.Parse("{'spec':{'unschedulable':null}}")!, typeof(V1Node));

        Json.Equal("{'metadata':{'name':'n1'},'spec':{'podCIDR':'10.0.0.0/24','unschedulable':true}}", cordoned);
        Json.Equal("{'metadata':{'name':'n1'},'spec':{'podCIDR':'10.0.0.0/24'}}", uncordoned);
    }

    [Fact]
    public void KubectlTaint_SendsTheWholeListAndRemovingTheLastSendsNull()
    {
        var node = Json.Parse("{'spec':{'taints':[{'key':'a','effect':'NoExecute'}]}}");

        var tainted = StrategicMergePatch.Apply(node, Json.Parse("{'spec':{'taints':[{'effect':'NoSchedule','key':'dedicated','value':'gpu'}]}}")!, typeof(V1Node));
        var cleared = StrategicMergePatch.Apply(tainted, Json.Parse("{'spec':{'taints':null}}")!, typeof(V1Node));

        Json.Equal("{'spec':{'taints':[{'effect':'NoSchedule','key':'dedicated','value':'gpu'}]}}", tainted);
        Json.Equal("{'spec':{}}", cleared);
    }

    [Fact]
    public void ControllerRevisionData_IsAnUnknownFieldThatMergesLikeAMap()
    {
        var revision = Json.Parse("{'data':{'spec':{'template':{'a':1}}},'revision':1}");

        var patched = StrategicMergePatch.Apply(revision, Json.Parse("{'data':{'spec':{'template':{'b':2}}},'revision':3}")!, typeof(V1ControllerRevision));

        Json.Equal("{'data':{'spec':{'template':{'a':1,'b':2}}},'revision':3}", patched);
    }
}
