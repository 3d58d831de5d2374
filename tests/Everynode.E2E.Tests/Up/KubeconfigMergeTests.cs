using Everynode.ApiServer;
using Everynode.Cli.Cluster;
using Everynode.E2E.Tests.Harness;

namespace Everynode.E2E.Tests.Up;

/// <summary>Merging the cluster's kubeconfig into a user's keeps everything else the user had.</summary>
public sealed class KubeconfigMergeTests
{
    private const string Existing = """
        apiVersion: v1
        kind: Config
        preferences:
          colors: true
        clusters:
        - name: prod
          cluster:
            server: https://prod.example:6443
            insecure-skip-tls-verify: true
        - name: everynode
          cluster:
            server: https://127.0.0.1:1111
        users:
        - name: prod-admin
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: get-token
              args: [--profile, prod]
        contexts:
        - name: prod
          context:
            cluster: prod
            user: prod-admin
            namespace: payments
        current-context: prod
        extensions:
        - name: something
          extension: {a: 1}
        """;

    private static readonly string Cluster = Kubeconfig.Render("https://127.0.0.1:7443", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", "token-abc");

    [Fact]
    public void Merge_IntoNothing_IsTheClusterConfigWithItsContextCurrent()
    {
        var merged = KubeconfigMerge.Merge(null, Cluster);

        var tree = YamlTree.Parse(merged);
        Assert.Equal(["everynode"], KubeconfigMerge.Names(merged, "clusters"));
        Assert.Equal(["everynode-admin"], KubeconfigMerge.Names(merged, "users"));
        Assert.Equal(["everynode"], KubeconfigMerge.Names(merged, "contexts"));
        Assert.Equal("everynode", tree.Scalar("current-context"));
        Assert.Equal("Config", tree.Scalar("kind"));
        Assert.Equal("https://127.0.0.1:7443", tree.Scalar("clusters.0.cluster.server"));
        Assert.Equal("token-abc", tree.Scalar("users.0.user.token"));
    }

    [Fact]
    public void Merge_IntoAUsersConfig_KeepsTheirEntriesAndFields_ReplacesOurs_SetsCurrentContext()
    {
        var merged = KubeconfigMerge.Merge(Existing, Cluster);

        var tree = YamlTree.Parse(merged);
        Assert.Equal(["prod", "everynode"], KubeconfigMerge.Names(merged, "clusters"));
        Assert.Equal(["prod-admin", "everynode-admin"], KubeconfigMerge.Names(merged, "users"));
        Assert.Equal(["prod", "everynode"], KubeconfigMerge.Names(merged, "contexts"));
        Assert.Equal("everynode", tree.Scalar("current-context"));

        // The stale everynode cluster entry was replaced in place, not duplicated.
        Assert.Equal("https://127.0.0.1:7443", tree.Scalar("clusters.1.cluster.server"));

        // Everything else is as it was, down to fields this program knows nothing of.
        Assert.Equal("https://prod.example:6443", tree.Scalar("clusters.0.cluster.server"));
        Assert.Equal("true", tree.Scalar("clusters.0.cluster.insecure-skip-tls-verify"));
        Assert.Equal("get-token", tree.Scalar("users.0.user.exec.command"));
        Assert.Equal("prod", tree.Scalar("users.0.user.exec.args.1"));
        Assert.Equal("payments", tree.Scalar("contexts.0.context.namespace"));
        Assert.Equal("true", tree.Scalar("preferences.colors"));
        Assert.Equal("1", tree.Scalar("extensions.0.extension.a"));
    }

    [Fact]
    public void Merge_Twice_ChangesNothingTheSecondTime()
    {
        var once = KubeconfigMerge.Merge(Existing, Cluster);

        Assert.Equal(once, KubeconfigMerge.Merge(once, Cluster));
    }

    [Fact]
    public void Merge_IntoAnEmptyFileOrNullLists_Works()
    {
        Assert.Equal(["everynode"], KubeconfigMerge.Names(KubeconfigMerge.Merge("", Cluster), "contexts"));
        Assert.Equal(["everynode"], KubeconfigMerge.Names(KubeconfigMerge.Merge("apiVersion: v1\nkind: Config\nclusters: null\nusers:\ncontexts: []\n", Cluster), "clusters"));
    }

    [Fact]
    public void Merge_IntoSomethingThatIsNotAKubeconfig_FailsWithoutGuessing()
    {
        Assert.Throws<InvalidDataException>(() => KubeconfigMerge.Merge("clusters: [unclosed", Cluster));
        Assert.Throws<InvalidDataException>(() => KubeconfigMerge.Merge("- just\n- a list\n", Cluster));
        Assert.Throws<InvalidDataException>(() => KubeconfigMerge.Merge("clusters: {a: 1}\n", Cluster));
    }

    [Fact]
    public void MergeInto_AFile_CreatesItsFolderAndKeepsItPrivate_ThenKeepsOtherEntries()
    {
        var directory = new TempDirectory("everynode-e2e-");
        try
        {
            var path = Path.Combine(directory.Path, ".kube", "config");
            UserKubeconfig.MergeInto(path, Cluster);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));

            File.WriteAllText(path, Existing);
            UserKubeconfig.MergeInto(path, Cluster);

            var text = File.ReadAllText(path);
            Assert.Equal(["prod", "everynode"], KubeconfigMerge.Names(text, "contexts"));
            Assert.Equal("everynode", YamlTree.Parse(text).Scalar("current-context"));
        }
        finally
        {
            directory.Delete();
        }
    }

    [Fact]
    public void DefaultPath_IsTheFirstFileOfKUBECONFIG()
    {
        var previous = Environment.GetEnvironmentVariable("KUBECONFIG");
        try
        {
            Environment.SetEnvironmentVariable("KUBECONFIG", "/tmp/a/config:/tmp/b/config");
            Assert.Equal("/tmp/a/config", UserKubeconfig.DefaultPath());
            Environment.SetEnvironmentVariable("KUBECONFIG", null);
            Assert.EndsWith("/.kube/config", UserKubeconfig.DefaultPath(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("KUBECONFIG", previous);
        }
    }
}
