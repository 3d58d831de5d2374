using Everynode.E2E.Tests.Agent;
using Everynode.E2E.Tests.Harness;

namespace Everynode.E2E.Tests.Security;

/// <summary>A node's credential can do what its agent needs for its own node, and nothing else (each attempt: 403).</summary>
public sealed class NodeCredentialTests(SecureServerFixture fixture) : IClassFixture<SecureServerFixture>
{
    private Kubectl Kubectl => fixture.Server.Kubectl;

    [Fact]
    public async Task NodeCredential_OutsideItsRights_Forbidden()
    {
        var token = await fixture.NodeTokenAsync("n1");
        (await Kubectl.ApplyAsync("""
            apiVersion: v1
            kind: Node
            metadata: {name: n2}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: on-n2, namespace: default}
            spec: {nodeName: n2, containers: [{name: c, image: busybox}]}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: on-n1, namespace: default}
            spec: {nodeName: n1, containers: [{name: c, image: busybox}]}
            """)).EnsureSuccess();
        var node = new TokenKubectl(Kubectl, token);
        (await node.ApplyAsync("""
            apiVersion: v1
            kind: Node
            metadata: {name: n1, labels: {kubernetes.io/hostname: n1}}
            """)).EnsureSuccess();

        // What its agent needs: read pods and nodes, its own Node's status and labels, its pods' status, its Lease.
        (await node.SucceedAsync("get", "pods", "-A")).EnsureSuccess();
        (await node.SucceedAsync("label", "node", "n1", "team=a")).EnsureSuccess();
        (await node.SucceedAsync("patch", "node", "n1", "--subresource=status", "--type=merge", "-p", """{"status":{"phase":"Running"}}""")).EnsureSuccess();
        (await node.SucceedAsync("patch", "pod", "on-n1", "--subresource=status", "--type=merge", "-p", """{"status":{"message":"mine"}}""")).EnsureSuccess();

        string[][] forbidden =
        [
            ["patch", "node", "n2", "--subresource=status", "--type=merge", "-p", """{"status":{"phase":"Running"}}"""],
            ["label", "node", "n2", "team=a"],
            ["label", "node", "n1", "node-role.kubernetes.io/control-plane="],
            ["taint", "node", "n1", "k=v:NoSchedule"],
            ["delete", "node", "n2"],
            ["delete", "pod", "on-n2"],
            ["patch", "pod", "on-n2", "--subresource=status", "--type=merge", "-p", """{"status":{"message":"not mine"}}"""],
            ["annotate", "pod", "on-n1", "x=y"],
            ["get", "secrets", "-n", "kube-system"],
            ["create", "deployment", "d", "--image=busybox"],
            ["create", "namespace", "node-made"],
            ["create", "clusterrolebinding", "take-over", "--clusterrole=cluster-admin", "--user=system:node:n1"],
            ["delete", "pods", "--all"],
        ];
        foreach (var args in forbidden)
        {
            var result = await node.RunAsync(args);
            Assert.True(result.ExitCode != 0 && result.Stderr.Contains("forbidden", StringComparison.OrdinalIgnoreCase), result.ToString());
        }

        string[] manifests =
        [
            """{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"ds","namespace":"default"},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}}}""",
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"not-mirror","namespace":"default"},"spec":{"nodeName":"n1","containers":[{"name":"c","image":"busybox"}]}}""",
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"mirror-elsewhere","namespace":"default","annotations":{"kubernetes.io/config.mirror":"x"}},"spec":{"nodeName":"n2","containers":[{"name":"c","image":"busybox"}]}}""",
            """{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"n2","namespace":"kube-node-lease"},"spec":{"holderIdentity":"n2"}}""",
            """{"apiVersion":"v1","kind":"Node","metadata":{"name":"n3"}}""",
        ];
        foreach (var manifest in manifests)
        {
            var result = await node.RunAsync(["create", "-f", "-"], stdin: manifest);
            Assert.True(result.ExitCode != 0 && result.Stderr.Contains("forbidden", StringComparison.OrdinalIgnoreCase), result.ToString());
        }

        var mirror = await node.RunAsync(["create", "-f", "-"], stdin: """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"mirror-n1","namespace":"default","annotations":{"kubernetes.io/config.mirror":"x"}},"spec":{"nodeName":"n1","containers":[{"name":"c","image":"busybox"}]}}""");
        Assert.True(mirror.ExitCode == 0, mirror.ToString());
        (await node.SucceedAsync("delete", "pod", "mirror-n1", "--grace-period=0", "--force")).EnsureSuccess();
    }

    [Fact]
    public async Task NodeCredential_GetsOnlyTheConfigMapsAndSecretsItsPodsReferTo_PullSecretsIncluded()
    {
        var token = await fixture.NodeTokenAsync("graph-n1");
        (await Kubectl.RunAsync("create", "namespace", "graph")).EnsureSuccess();
        Assert.Equal("configmap/used created", (await Kubectl.SucceedAsync("create", "configmap", "used", "-n", "graph", "--from-literal=level=debug")).Stdout.Trim());
        (await Kubectl.SucceedAsync("create", "configmap", "unused", "-n", "graph", "--from-literal=a=b")).EnsureSuccess();
        Assert.Equal("secret/creds created", (await Kubectl.SucceedAsync("create", "secret", "generic", "creds", "-n", "graph", "--from-literal=password=s3cret")).Stdout.Trim());
        (await Kubectl.SucceedAsync("create", "secret", "docker-registry", "regcred", "-n", "graph", "--docker-server=registry.example.com",
            "--docker-username=u", "--docker-password=p")).EnsureSuccess();
        (await Kubectl.ApplyAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: configured, namespace: graph}
            spec:
              nodeName: graph-n1
              imagePullSecrets: [{name: regcred}]
              containers:
              - name: c
                image: busybox
                env:
                - name: LEVEL
                  valueFrom: {configMapKeyRef: {name: used, key: level}}
              volumes:
              - name: creds
                secret: {secretName: creds}
            """)).EnsureSuccess();
        var table = (await Kubectl.SucceedAsync("get", "cm", "-n", "graph")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "DATA", "AGE"], table[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["unused", "1"], table[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..2]);

        var node = new TokenKubectl(Kubectl, token);
        Assert.Contains("level: debug", (await node.SucceedAsync("get", "configmap", "used", "-n", "graph", "-o", "yaml")).Stdout, StringComparison.Ordinal);
        (await node.SucceedAsync("get", "secret", "creds", "-n", "graph")).EnsureSuccess();
        (await node.SucceedAsync("get", "secret", "regcred", "-n", "graph")).EnsureSuccess();
        foreach (string[] args in (string[][])[["get", "configmap", "unused", "-n", "graph"], ["get", "configmaps", "-n", "graph"], ["get", "secret", "creds", "-n", "graph", "-w", "--request-timeout=2s"]])
        {
            var result = await node.RunAsync(args);
            Assert.True(result.ExitCode != 0 && result.Stderr.Contains("forbidden", StringComparison.OrdinalIgnoreCase), result.ToString());
        }

        var other = new TokenKubectl(Kubectl, await fixture.NodeTokenAsync("graph-n2"));
        var deniedPullSecret = await other.RunAsync("get", "secret", "regcred", "-n", "graph");
        Assert.Contains("secrets \"regcred\" is forbidden: User \"system:node:graph-n2\"", deniedPullSecret.Stderr, StringComparison.Ordinal);
        var denied = await other.RunAsync("get", "configmap", "used", "-n", "graph");
        Assert.Contains("Error from server (Forbidden): configmaps \"used\" is forbidden: User \"system:node:graph-n2\" cannot get resource \"configmaps\" in API group \"\" in the namespace \"graph\"", denied.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_JoinsWithAJoinToken_AndReusesItsCredentialOnRestart()
    {
        var token = await fixture.CreateJoinTokenAsync();
        var dataDir = Path.Combine(fixture.DataDirectory, "..", "agent-joined");

        await using (var agent = await EverynodeAgentProcess.StartAsync(fixture.Server, "joined", dataDir, "simulated", "--join-token", token))
        {
            var ready = await Kubectl.RunAsync(["wait", "--for=condition=Ready", "node/joined", "--timeout=30s"], timeout: TimeSpan.FromSeconds(40));
            Assert.True(ready.ExitCode == 0, $"{ready}\n{agent.Output}");
        }

        var credential = Path.Combine(dataDir, "node-credential.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(credential));
        (await SecureServerFixture.EverynodeAsync("token", "delete", "--data-dir", fixture.DataDirectory, token)).EnsureSuccess();

        // The join token is gone (and a second exchange would be refused): the restart must use the stored credential.
        await using var again = await EverynodeAgentProcess.StartAsync(fixture.Server, "joined", dataDir, "simulated", "--join-token", token);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        CommandResult lease;
        while ((lease = await Kubectl.RunAsync("get", "lease", "joined", "-n", "kube-node-lease", "-o", "jsonpath={.spec.holderIdentity}")).ExitCode != 0
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.True(lease.Stdout == "joined", $"{lease}\n{again.Output}");
    }
}
