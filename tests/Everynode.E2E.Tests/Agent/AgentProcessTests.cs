using Everynode.E2E.Tests.Harness;

namespace Everynode.E2E.Tests.Agent;

/// <summary><c>everynode server</c> plus <c>everynode agent --runtime simulated</c> as processes, checked with kubectl.</summary>
public sealed class AgentProcessTests
{
    [Fact]
    public async Task SimulatedAgent_NodeIsReady_AndADaemonSetPodRunsOnIt_WithLogsThroughKubectl()
    {
        var directory = new TempDirectory("everynode-e2e-");
        try
        {
            await using var server = await EverynodeServer.StartAsync(new EverynodeServerOptions { DataDirectory = Path.Combine(directory.Path, "server") });
            await using var agent = await EverynodeAgentProcess.StartAsync(server, "e2e-node", Path.Combine(directory.Path, "agent"));
            var kubectl = server.Kubectl;

            var ready = await kubectl.RunAsync(["wait", "--for=condition=Ready", "node/e2e-node", "--timeout=30s"], timeout: TimeSpan.FromSeconds(40));
            Assert.True(ready.ExitCode == 0, $"{ready}\nagent:\n{agent.Output}");
            var labels = (await kubectl.SucceedAsync("get", "node", "e2e-node", "-o", "jsonpath={.metadata.labels.kubernetes\\.io/hostname}")).Stdout;
            Assert.Equal("e2e-node", labels);
            (await kubectl.SucceedAsync("get", "lease", "e2e-node", "-n", "kube-node-lease")).EnsureSuccess();

            (await kubectl.ApplyAsync("""
                apiVersion: apps/v1
                kind: DaemonSet
                metadata:
                  name: node-agent
                  namespace: default
                spec:
                  selector:
                    matchLabels: {app: node-agent}
                  template:
                    metadata:
                      labels: {app: node-agent}
                    spec:
                      containers:
                      - name: agent
                        image: busybox
                        command: ["sleep", "3600"]
                """)).EnsureSuccess();

            var rolled = await kubectl.RunAsync(["rollout", "status", "daemonset/node-agent", "--timeout=60s"], timeout: TimeSpan.FromSeconds(70));
            Assert.True(rolled.ExitCode == 0, $"{rolled}\nagent:\n{agent.Output}");
            var pods = (await kubectl.SucceedAsync("get", "pods", "-l", "app=node-agent", "-o",
                "jsonpath={range .items[*]}{.spec.nodeName} {.status.phase} {.status.conditions[?(@.type==\"Ready\")].status}{\"\\n\"}{end}")).Stdout.Trim();
            Assert.Equal("e2e-node Running True", pods);

            // The simulated container prints nothing; kubectl logs still goes API server -> agent and succeeds.
            var logs = await kubectl.RunAsync("logs", "daemonset/node-agent");
            Assert.True(logs.ExitCode == 0, logs.ToString());

            var deleted = await kubectl.RunAsync(["delete", "daemonset", "node-agent", "--wait=true", "--timeout=60s"], timeout: TimeSpan.FromSeconds(70));
            Assert.True(deleted.ExitCode == 0, deleted.ToString());
            var gone = await kubectl.RunAsync(["wait", "--for=delete", "pod", "-l", "app=node-agent", "--timeout=60s"], timeout: TimeSpan.FromSeconds(70));
            Assert.True(gone.ExitCode == 0, $"{gone}\nagent:\n{agent.Output}");
        }
        finally
        {
            directory.Delete();
        }
    }
}
