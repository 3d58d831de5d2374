using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Everynode.Agent.Tests.Integration;

/// <summary>The agent against a real in-process API server: node, lease, pods, deletion, static pods, logs.</summary>
public sealed class NodeAgentTests(AgentFixture fixture) : IClassFixture<AgentFixture>
{
    private Kubernetes Client => fixture.Client;

    [Fact]
    public async Task Node_IsRegisteredAsAKubeletRegistersIt()
    {
        var node = await Client.CoreV1.ReadNodeAsync(AgentFixture.NodeName);
        Assert.Equal(AgentFixture.NodeName, node.Metadata.Labels["kubernetes.io/hostname"]);
        Assert.Equal("linux", node.Metadata.Labels["kubernetes.io/os"]);
        Assert.True(node.Metadata.Labels.ContainsKey("kubernetes.io/arch"));
        Assert.Equal("ssd", node.Metadata.Labels["disk"]);
        var taint = Assert.Single(node.Spec.Taints);
        Assert.Equal(("dedicated", "test", "PreferNoSchedule"), (taint.Key, taint.Value, taint.Effect));
        Assert.Equal("2", node.Status.Capacity["cpu"].ToString());
        Assert.Equal("4Gi", node.Status.Capacity["memory"].ToString()); // 4194304Ki, canonicalized by the API server.
        Assert.Equal("20", node.Status.Capacity["pods"].ToString());
        Assert.Contains(node.Status.Addresses, a => a.Type == "InternalIP" && a.Address == "127.0.0.1");
        Assert.Contains(node.Status.Addresses, a => a.Type == "Hostname" && a.Address == AgentFixture.NodeName);
        Assert.Equal(fixture.Agent.ServingPort, node.Status.DaemonEndpoints.KubeletEndpoint.Port);
        Assert.StartsWith("v1.32.", node.Status.NodeInfo.KubeletVersion, StringComparison.Ordinal);
        Assert.Equal("scripted://1.32.4+everynode", node.Status.NodeInfo.ContainerRuntimeVersion);
        Assert.Equal(["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"], node.Status.Conditions.Select(c => c.Type));
        var ready = node.Status.Conditions.Single(c => c.Type == "Ready");
        Assert.Equal(("True", "KubeletReady"), (ready.Status, ready.Reason));
    }

    [Fact]
    public async Task Lease_IsOwnedByTheNode_AndRenewed()
    {
        var node = await Client.CoreV1.ReadNodeAsync(AgentFixture.NodeName);
        var first = await Client.CoordinationV1.ReadNamespacedLeaseAsync(AgentFixture.NodeName, "kube-node-lease");
        Assert.Equal(AgentFixture.NodeName, first.Spec.HolderIdentity);
        Assert.Equal(40, first.Spec.LeaseDurationSeconds);
        var owner = Assert.Single(first.Metadata.OwnerReferences);
        Assert.Equal(("Node", node.Metadata.Uid), (owner.Kind, owner.Uid));

        await Eventually.ValueAsync(async () =>
        {
            var lease = await Client.CoordinationV1.ReadNamespacedLeaseAsync(AgentFixture.NodeName, "kube-node-lease");
            return lease.Spec.RenewTime > first.Spec.RenewTime ? lease : null;
        }, "a renewed lease");
    }

    [Fact]
    public async Task ConditionsOthersOverwrite_ArePutRight_AndTheirOwnConditionsKept()
    {
        // What the node lifecycle controller does while a node is unreachable: Ready=Unknown on the Node, Ready=False
        // on its pods (plus a DisruptionTarget from the taint eviction controller). The agent, back, corrects both.
        var ns = await fixture.CreateNamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(AgentFixture.BoundPod("overwritten", "sleep"), ns);
        await WaitForPodAsync(ns, "overwritten", p => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true);

        await Client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(
            """{"status":{"conditions":[{"type":"Ready","status":"False","reason":"NodeNotReady"},{"type":"DisruptionTarget","status":"True","reason":"DeletionByTaintManager"}]}}""",
            V1Patch.PatchType.StrategicMergePatch), "overwritten", ns);
        var corrected = await WaitForPodAsync(ns, "overwritten", p => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true);
        Assert.Contains(corrected.Status.Conditions, c => c is { Type: "DisruptionTarget", Status: "True" });

        await Client.CoreV1.PatchNodeStatusAsync(new V1Patch(
            """{"status":{"conditions":[{"type":"Ready","status":"Unknown","reason":"NodeStatusUnknown"}]}}""",
            V1Patch.PatchType.StrategicMergePatch), AgentFixture.NodeName);
        await Eventually.ValueAsync(async () =>
        {
            var node = await Client.CoreV1.ReadNodeAsync(AgentFixture.NodeName);
            return node.Status.Conditions.Any(c => c is { Type: "Ready", Status: "True", Reason: "KubeletReady" }) ? node : null;
        }, "the node Ready again");
    }

    [Fact]
    public async Task ConfigMapsAndSecrets_ReachEnvAndVolumes_AndAMissingOneIsCreateContainerConfigError()
    {
        var ns = await fixture.CreateNamespaceAsync();
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "settings" },
            Data = new Dictionary<string, string> { ["level"] = "debug", ["app.conf"] = "port=80\n" },
        }, ns);
        await Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "creds" },
            StringData = new Dictionary<string, string> { ["password"] = "s3cret" },
        }, ns);
        var pod = AgentFixture.BoundPod("configured", "sleep");
        pod.Spec.Containers[0].Env =
        [
            new V1EnvVar { Name = "LEVEL", ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "settings", Key = "level" } } },
            new V1EnvVar { Name = "PASSWORD", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "creds", Key = "password" } } },
        ];
        pod.Spec.Containers[0].EnvFrom = [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "settings" }, Prefix = "CFG_" }];
        pod.Spec.Containers[0].VolumeMounts = [new V1VolumeMount { Name = "conf", MountPath = "/etc/app" }, new V1VolumeMount { Name = "secret", MountPath = "/etc/secret" }];
        pod.Spec.Volumes =
        [
            new V1Volume { Name = "conf", ConfigMap = new V1ConfigMapVolumeSource { Name = "settings", Items = [new V1KeyToPath { Key = "app.conf", Path = "nested/app.conf" }] } },
            new V1Volume { Name = "secret", Secret = new V1SecretVolumeSource { SecretName = "creds", DefaultMode = 0x100 } },
        ];
        await Client.CoreV1.CreateNamespacedPodAsync(pod, ns);
        await WaitForPodAsync(ns, "configured", p => p.Status?.Phase == "Running");

        var launch = fixture.Runtime.Launches.Last(l => l.PodName == "configured" && l.PodNamespace == ns);
        Assert.Contains(new KeyValuePair<string, string>("LEVEL", "debug"), launch.Environment);
        Assert.Contains(new KeyValuePair<string, string>("PASSWORD", "s3cret"), launch.Environment);
        Assert.Contains(new KeyValuePair<string, string>("CFG_level", "debug"), launch.Environment);
        var conf = launch.Mounts.Single(m => m.ContainerPath == "/etc/app").HostPath;
        Assert.Equal("port=80\n", await File.ReadAllTextAsync(Path.Combine(conf, "nested", "app.conf")));
        Assert.False(File.Exists(Path.Combine(conf, "level")));
        var secretFile = Path.Combine(launch.Mounts.Single(m => m.ContainerPath == "/etc/secret").HostPath, "password");
        Assert.Equal("s3cret", await File.ReadAllTextAsync(secretFile));
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(secretFile));

        var missing = AgentFixture.BoundPod("unconfigured", "sleep");
        missing.Spec.Containers[0].Env = [new V1EnvVar { Name = "X", ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "absent", Key = "k" } } }];
        await Client.CoreV1.CreateNamespacedPodAsync(missing, ns);
        var waiting = await WaitForPodAsync(ns, "unconfigured", p => p.Status?.ContainerStatuses?.Any(c => c.State?.Waiting?.Reason == "CreateContainerConfigError") == true);
        Assert.Equal("configmap \"absent\" not found", waiting.Status.ContainerStatuses[0].State.Waiting.Message);
    }

    [Fact]
    public async Task BoundPod_GoesRunningAndReady_WithKubeletStatus()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var pod = AgentFixture.BoundPod("web", "print", "$(POD_NAME) up");
        pod.Spec.Containers[0].Env = [new V1EnvVar { Name = "POD_NAME", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } }];
        await Client.CoreV1.CreateNamespacedPodAsync(pod, ns);

        var running = await WaitForPodAsync(ns, "web", p => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true);
        Assert.Equal("Running", running.Status.Phase);
        Assert.Equal("127.0.0.1", running.Status.PodIP);
        Assert.Equal("127.0.0.1", running.Status.HostIP);
        Assert.NotNull(running.Status.StartTime);
        var cs = Assert.Single(running.Status.ContainerStatuses);
        Assert.True(cs.Ready);
        Assert.True(cs.Started);
        Assert.StartsWith("everynode://", cs.ContainerID, StringComparison.Ordinal);
        Assert.NotNull(cs.State.Running);

        var launch = fixture.Runtime.Launches.Last(l => l.PodName == "web" && l.PodNamespace == ns);
        Assert.Equal(["print", "web up"], launch.Argv);
        Assert.Equal("/work", launch.WorkingDirectory);
        Assert.Contains(new KeyValuePair<string, string>("IMAGE_ENV", "1"), launch.Environment);

        var logs = await ReadLogAsync(ns, "web");
        Assert.Equal("web up\n", logs);
    }

    [Fact]
    public async Task DeletedPod_IsStoppedAndRemoved()
    {
        var ns = await fixture.CreateNamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(AgentFixture.BoundPod("doomed", "print", "hi"), ns);
        await WaitForPodAsync(ns, "doomed", p => p.Status?.Phase == "Running");

        await Client.CoreV1.DeleteNamespacedPodAsync("doomed", ns); // Graceful: 30 s, the agent finishes it.
        await Eventually.ValueAsync(async () =>
        {
            var list = await Client.CoreV1.ListNamespacedPodAsync(ns);
            return list.Items.Count == 0 ? list : null;
        }, "the pod to be gone");
        await WaitForEventAsync(ns, e => e.Reason == "Killing" && e.Message == "Stopping container main" && e.Source.Component == "kubelet");
    }

    [Fact]
    public async Task Deletion_RunsThePreStopHook_AndReportsItsFailure()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var spec = AgentFixture.BoundPod("hooked", "print", "hi");
        spec.Spec.Containers[0].Lifecycle = new V1Lifecycle { PreStop = new V1LifecycleHandler { Exec = new V1ExecAction { Command = ["false"] } } };
        spec.Spec.TerminationGracePeriodSeconds = 5;
        await Client.CoreV1.CreateNamespacedPodAsync(spec, ns);
        await WaitForPodAsync(ns, "hooked", p => p.Status?.Phase == "Running");

        await Client.CoreV1.DeleteNamespacedPodAsync("hooked", ns);
        await WaitForEventAsync(ns, e => e.Reason == "FailedPreStopHook" && e.Message == "PreStop hook failed with exit code 1: probe says no");
        await Eventually.ValueAsync(async () =>
        {
            var list = await Client.CoreV1.ListNamespacedPodAsync(ns);
            return list.Items.Count == 0 ? list : null;
        }, "the pod to be gone");
    }

    [Fact]
    public async Task CrashingContainer_RestartsThenBacksOff()
    {
        var ns = await fixture.CreateNamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(AgentFixture.BoundPod("crasher", "exit", "3"), ns);
        var pod = await WaitForPodAsync(ns, "crasher", p => p.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Waiting?.Reason == "CrashLoopBackOff");

        var cs = pod.Status.ContainerStatuses.Single();
        Assert.Equal(1, cs.RestartCount);
        Assert.Equal(3, cs.LastState.Terminated.ExitCode);
        Assert.Equal("Error", cs.LastState.Terminated.Reason);
        Assert.Equal($"back-off 10s restarting failed container=main pod=crasher_{ns}({pod.Metadata.Uid})", cs.State.Waiting.Message);
        Assert.Equal("Running", pod.Status.Phase);

        // After the 10 s backoff the container runs again (and crashes again): restart 2, then a 20 s backoff.
        var again = await WaitForPodAsync(ns, "crasher", p => p.Status?.ContainerStatuses?.FirstOrDefault()?.RestartCount == 2
            && p.Status.ContainerStatuses[0].State?.Waiting?.Message?.StartsWith("back-off 20s", StringComparison.Ordinal) == true);
        Assert.Equal("CrashLoopBackOff", again.Status.ContainerStatuses[0].State.Waiting.Reason);
    }

    [Fact]
    public async Task RestartPolicyNever_FailedContainer_FailsThePod()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var spec = AgentFixture.BoundPod("once", "exit", "1");
        spec.Spec.RestartPolicy = "Never";
        await Client.CoreV1.CreateNamespacedPodAsync(spec, ns);
        var pod = await WaitForPodAsync(ns, "once", p => p.Status?.Phase == "Failed");
        Assert.Equal(1, pod.Status.ContainerStatuses.Single().State.Terminated.ExitCode);
        Assert.Equal(0, pod.Status.ContainerStatuses.Single().RestartCount);
    }

    [Fact]
    public async Task InitContainers_RunFirst_ThenTheAppContainer()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var spec = AgentFixture.BoundPod("init", "print", "app");
        spec.Spec.InitContainers = [new V1Container { Name = "setup", Image = "busybox", Command = ["exit", "0"] }];
        await Client.CoreV1.CreateNamespacedPodAsync(spec, ns);
        var pod = await WaitForPodAsync(ns, "init", p => p.Status?.Phase == "Running");
        var init = pod.Status.InitContainerStatuses.Single();
        Assert.Equal("Completed", init.State.Terminated.Reason);
        Assert.Equal("True", pod.Status.Conditions.Single(c => c.Type == "Initialized").Status);
    }

    [Fact]
    public async Task MissingImage_IsErrImagePullThenImagePullBackOff_WithTheRegistrysAnswer()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var spec = AgentFixture.BoundPod("noimage");
        spec.Spec.Containers[0].Image = "missing/tool:1";
        await Client.CoreV1.CreateNamespacedPodAsync(spec, ns);
        var pod = await WaitForPodAsync(ns, "noimage", p => p.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Waiting?.Reason == "ImagePullBackOff");
        Assert.Equal("Back-off pulling image \"missing/tool:1\": ErrImagePull: docker.io/missing/tool:1: not found (manifest unknown at https://registry-1.docker.io)",
            pod.Status.ContainerStatuses[0].State.Waiting.Message);
        Assert.Equal("Pending", pod.Status.Phase);
        await WaitForEventAsync(ns, e => e.Reason == "Pulling" && e.Message == "Pulling image \"missing/tool:1\"");
        await WaitForEventAsync(ns, e => e.Reason == "Failed" && e.Message.StartsWith("Failed to pull image \"missing/tool:1\": docker.io/missing/tool:1: not found", StringComparison.Ordinal));
        await WaitForEventAsync(ns, e => e.Reason == "Failed" && e.Message == "Error: ErrImagePull");
        await WaitForEventAsync(ns, e => e.Reason == "BackOff" && e.Message == "Back-off pulling image \"missing/tool:1\"");
    }

    [Fact]
    public async Task PulledImage_ReportsPullingAndPulled_AndItsRepoDigestAsImageID()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var spec = AgentFixture.BoundPod("pulled", "sleep");
        spec.Spec.Containers[0].Image = $"remote/{ns}:1";
        await Client.CoreV1.CreateNamespacedPodAsync(spec, ns);

        var pod = await WaitForPodAsync(ns, "pulled", p => p.Status?.Phase == "Running");

        Assert.Equal($"docker.io/remote/{ns}@sha256:{new string('a', 64)}", pod.Status.ContainerStatuses[0].ImageID);
        await WaitForEventAsync(ns, e => e.Reason == "Pulling" && e.Message == $"Pulling image \"remote/{ns}:1\"");
        var pulled = await WaitForEventAsync(ns, e => e.Reason == "Pulled");
        Assert.Matches($@"^Successfully pulled image ""remote/{ns}:1"" in \d[\d.]*m?s \(\d[\d.]*m?s including waiting\)\. Image size: 1234 bytes\.$", pulled.Message);
        Assert.Single(fixture.Runtime.Pulls, p => p.Image == $"remote/{ns}:1");
    }

    [Fact]
    public async Task PresentImage_WithIfNotPresent_IsNotPulled_AndNeverFailsWhenAbsent()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var present = AgentFixture.BoundPod("present", "sleep");
        present.Spec.Containers[0].Image = "local/tool:1";
        var never = AgentFixture.BoundPod("never", "sleep");
        never.Spec.Containers[0].Image = $"remote/{ns}-never:1";
        never.Spec.Containers[0].ImagePullPolicy = "Never";
        await Client.CoreV1.CreateNamespacedPodAsync(present, ns);
        await Client.CoreV1.CreateNamespacedPodAsync(never, ns);

        await WaitForPodAsync(ns, "present", p => p.Status?.Phase == "Running");
        var waiting = await WaitForPodAsync(ns, "never", p => p.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Waiting?.Reason == "ErrImageNeverPull");

        Assert.Equal($"Container image \"remote/{ns}-never:1\" is not present with pull policy of Never", waiting.Status.ContainerStatuses[0].State.Waiting.Message);
        await WaitForEventAsync(ns, e => e.Reason == "Pulled" && e.Message == "Container image \"local/tool:1\" already present on machine");
        await WaitForEventAsync(ns, e => e.Reason == "ErrImageNeverPull" && e.Type == "Warning");
        Assert.DoesNotContain(fixture.Runtime.Pulls, p => p.Image == "local/tool:1" || p.Image.Contains("-never", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MalformedImageName_IsInvalidImageName()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var spec = AgentFixture.BoundPod("malformed", "sleep");
        spec.Spec.Containers[0].Image = "Not/Valid::name";
        await Client.CoreV1.CreateNamespacedPodAsync(spec, ns);

        var pod = await WaitForPodAsync(ns, "malformed", p => p.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Waiting?.Reason == "InvalidImageName");

        Assert.StartsWith("Failed to apply default image tag \"Not/Valid::name\": couldn't parse image name", pod.Status.ContainerStatuses[0].State.Waiting.Message, StringComparison.Ordinal);
        await WaitForEventAsync(ns, e => e.Reason == "InspectFailed");
        await WaitForEventAsync(ns, e => e.Reason == "Failed" && e.Message == "Error: InvalidImageName");
    }

    [Fact]
    public async Task ImagePullSecrets_GiveTheirCredentials_AndAMissingOneIsReported()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var config = """{"auths":{"https://index.docker.io/v1/":{"username":"hub-user","password":"hub-pw"},"quay.io":{"auth":"cXVheTpwdw=="}}}""";
        await Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "regcred" },
            Type = "kubernetes.io/dockerconfigjson",
            Data = new Dictionary<string, byte[]> { [".dockerconfigjson"] = System.Text.Encoding.UTF8.GetBytes(config) },
        }, ns);
        var spec = AgentFixture.BoundPod("private", "sleep");
        spec.Spec.Containers[0].Image = $"remote/{ns}-private:1";
        spec.Spec.ImagePullSecrets = [new V1LocalObjectReference { Name = "absent" }, new V1LocalObjectReference { Name = "regcred" }];
        await Client.CoreV1.CreateNamespacedPodAsync(spec, ns);

        await WaitForPodAsync(ns, "private", p => p.Status?.Phase == "Running");

        var pull = Assert.Single(fixture.Runtime.Pulls, p => p.Image == $"remote/{ns}-private:1");
        Assert.Equal([("hub-user", "hub-pw")], pull.Credentials.Select(c => (c.Username, c.Password)));
        var warning = await WaitForEventAsync(ns, e => e.Reason == "FailedToRetrieveImagePullSecret");
        Assert.Equal("Unable to retrieve some image pull secrets (absent); attempting to pull the image may not succeed.", warning.Message);
    }

    [Fact]
    public async Task PodThatDoesNotFit_IsRejected_NeverRun()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var spec = AgentFixture.BoundPod("huge", "print", "never");
        spec.Spec.Containers[0].Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("8") } };
        await Client.CoreV1.CreateNamespacedPodAsync(spec, ns);
        var pod = await WaitForPodAsync(ns, "huge", p => p.Status?.Phase == "Failed");
        Assert.Equal("OutOfcpu", pod.Status.Reason);
        Assert.StartsWith("Pod was rejected: Node didn't have enough resource: cpu, requested: 8000", pod.Status.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Runtime.Launches, l => l.PodName == "huge" && l.PodNamespace == ns);
    }

    [Fact]
    public async Task ALabelAddedWithKubectl_IsSeenByAdmissionAtOnce()
    {
        // The agent's own status writes are minutes apart when nothing changes; admission must not wait for one.
        var ns = await fixture.CreateNamespaceAsync();
        var value = ns.Replace("-", "", StringComparison.Ordinal);
        var patch = "{\"metadata\":{\"labels\":{\"disk-" + value + "\":\"ssd\"}}}";
        await Client.CoreV1.PatchNodeAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), AgentFixture.NodeName);
        var spec = AgentFixture.BoundPod("selective", "print", "x");
        spec.Spec.NodeSelector = new Dictionary<string, string> { [$"disk-{value}"] = "ssd" };
        await Client.CoreV1.CreateNamespacedPodAsync(spec, ns);
        var pod = await WaitForPodAsync(ns, "selective", p => p.Status?.Phase is "Running" or "Failed");
        Assert.Equal("Running", pod.Status.Phase);
    }

    [Fact]
    public async Task FailingReadinessProbe_KeepsThePodUnready_AndFailingLiveness_Restarts()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var spec = AgentFixture.BoundPod("probed", "print", "x");
        spec.Spec.Containers[0].ReadinessProbe = new V1Probe { Exec = new V1ExecAction { Command = ["false"] }, PeriodSeconds = 1 };
        spec.Spec.Containers.Add(new V1Container
        {
            Name = "sick",
            Image = "busybox",
            Command = ["print", "y"],
            LivenessProbe = new V1Probe { Exec = new V1ExecAction { Command = ["false"] }, PeriodSeconds = 1, FailureThreshold = 1 },
        });
        await Client.CoreV1.CreateNamespacedPodAsync(spec, ns);
        var pod = await WaitForPodAsync(ns, "probed", p => p.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == "sick")?.RestartCount >= 1);
        Assert.False(pod.Status.ContainerStatuses.Single(c => c.Name == "main").Ready);
        Assert.Equal("False", pod.Status.Conditions.Single(c => c.Type == "Ready").Status);
        await WaitForEventAsync(ns, e => e.Reason == "Unhealthy" && e.Message == "Readiness probe failed: probe says no");
        await WaitForEventAsync(ns, e => e.Reason == "Unhealthy" && e.Message == "Liveness probe failed: probe says no");
        await WaitForEventAsync(ns, e => e.Reason == "Killing" && e.Message == "Container sick failed liveness probe, will be restarted");
    }

    [Fact]
    public async Task HostPathOfTheWrongType_IsFailedMount_AndTheContainerWaits()
    {
        var ns = await fixture.CreateNamespaceAsync();
        var spec = AgentFixture.BoundPod("mount", "print", "x");
        spec.Spec.Volumes = [new V1Volume { Name = "data", HostPath = new V1HostPathVolumeSource { Path = "/nonexistent-everynode-path", Type = "Directory" } }];
        await Client.CoreV1.CreateNamespacedPodAsync(spec, ns);
        var pod = await WaitForPodAsync(ns, "mount", p => p.Status?.ContainerStatuses is not null);
        Assert.Equal("ContainerCreating", pod.Status.ContainerStatuses[0].State.Waiting.Reason);
        await WaitForEventAsync(ns, e => e.Reason == "FailedMount"
            && e.Message == "MountVolume.SetUp failed for volume \"data\" : hostPath type check failed: /nonexistent-everynode-path is not a directory");
    }

    [Fact]
    public async Task Logs_ThroughTheApiServer_WithTailAndErrors()
    {
        var ns = await fixture.CreateNamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(AgentFixture.BoundPod("talker", "print", "one", "two", "three"), ns);
        await WaitForPodAsync(ns, "talker", p => p.Status?.Phase == "Running");

        Assert.Equal("one\ntwo\nthree\n", await ReadLogAsync(ns, "talker"));
        Assert.Equal("three\n", await ReadLogAsync(ns, "talker", tailLines: 1));
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ReadNamespacedPodLogAsync("talker", ns, previous: true));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, e.Response.StatusCode);
        Assert.Contains("previous terminated container \\\"main\\\" in pod \\\"talker\\\" not found", e.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaticPod_RunsAndIsMirrored_DeletedMirrorComesBack_RemovedFileStopsIt()
    {
        var file = Path.Combine(fixture.ManifestFolder, "static-web.yaml");
        await File.WriteAllTextAsync(file, """
            apiVersion: v1
            kind: Pod
            metadata:
              name: static-web
            spec:
              containers:
              - name: web
                image: busybox
                command: ["print", "static"]
            """);
        var name = $"static-web-{AgentFixture.NodeName}";
        var mirror = await WaitForPodAsync("default", name, p => p.Status?.Phase == "Running");
        Assert.Equal("file", mirror.Metadata.Annotations["kubernetes.io/config.source"]);
        Assert.True(mirror.Metadata.Annotations.ContainsKey("kubernetes.io/config.mirror"));
        var owner = Assert.Single(mirror.Metadata.OwnerReferences);
        Assert.Equal(("Node", AgentFixture.NodeName), (owner.Kind, owner.Name));

        await Client.CoreV1.DeleteNamespacedPodAsync(name, "default", new V1DeleteOptions { GracePeriodSeconds = 0 });
        await WaitForPodAsync("default", name, p => p.Metadata.Uid != mirror.Metadata.Uid && p.Status?.Phase == "Running");

        File.Delete(file);
        await Eventually.ValueAsync(async () =>
        {
            var list = await Client.CoreV1.ListNamespacedPodAsync("default", fieldSelector: $"metadata.name={name}");
            return list.Items.Count == 0 ? list : null;
        }, "the mirror pod to be gone");
    }

    private async Task<V1Pod> WaitForPodAsync(string ns, string name, Func<V1Pod, bool> condition)
    {
        V1Pod? last = null;
        try
        {
            return await Eventually.ValueAsync(async () =>
            {
                try
                {
                    last = await Client.CoreV1.ReadNamespacedPodAsync(name, ns);
                    return condition(last) ? last : null;
                }
                catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    return null;
                }
            }, $"pod {ns}/{name}");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; last status: {KubernetesJson.Serialize(last?.Status)}", e);
        }
    }

    private Task<Corev1Event> WaitForEventAsync(string ns, Func<Corev1Event, bool> match) =>
        Eventually.ValueAsync(async () => (await Client.CoreV1.ListNamespacedEventAsync(ns)).Items.FirstOrDefault(match), "an event");

    private async Task<string> ReadLogAsync(string ns, string name, int? tailLines = null)
    {
        using var stream = await Client.CoreV1.ReadNamespacedPodLogAsync(name, ns, tailLines: tailLines);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
