namespace Everynode.E2E.Tests.Golden;

/// <summary>The masking and script parsing the golden suite relies on: pure functions, no server.</summary>
public sealed class GoldenMaskTests
{
    [Fact]
    public void Apply_TableWithAgesOfDifferentWidths_LaysTheColumnsOutAgainAsTabwriterWould()
    {
        var printed = """
            NAME      DESIRED   AGE   CONTAINERS
            fluentd   0         5s    main
            other     1         12s   sidecar
            """;

        Assert.Equal(
            """
            NAME      DESIRED   AGE     CONTAINERS
            fluentd   0         <age>   main
            other     1         <age>   sidecar
            """,
            GoldenMask.Apply(printed));
    }

    [Fact]
    public void Apply_TableWithoutAnythingToMask_IsUnchanged()
    {
        var printed = """
            NAME         STATUS     ROLES    VERSION
            node-a-kXX   Ready      <none>   v1.32.0
            x            NotReady            
            """;

        Assert.Equal(printed, GoldenMask.Apply(printed));
    }

    [Fact]
    public void Apply_TwoTablesSeparatedByABlankLine_AreLaidOutEachOnItsOwn()
    {
        var printed = """
            NAME                     AGE
            daemonset.apps/fluentd   1m2s

            NAME          READY   AGE
            pod/pending   0/1     9s
            """;

        Assert.Equal(
            """
            NAME                     AGE
            daemonset.apps/fluentd   <age>

            NAME          READY   AGE
            pod/pending   0/1     <age>
            """,
            GoldenMask.Apply(printed));
    }

    [Fact]
    public void Apply_NarrowColumns_KeepKubectlsMinimumWidthOfSix()
    {
        Assert.Equal("A     AGE\nx     <age>", GoldenMask.Apply("A     AGE\nx     3s"));
    }

    [Fact]
    public void Apply_DescribeEvents_MasksTheAgeColumnWithDescribesPaddingOfTwo()
    {
        var printed = """
            Events:
              Type    Reason            Age                From                  Message
              ----    ------            ----               ----                  -------
              Normal  SuccessfulCreate  7s                 daemonset-controller  Created pod: fluentd-x7k2p
              Normal  SuccessfulDelete  12s (x2 over 20s)  daemonset-controller  Deleted pod: fluentd-x7k2p
            """;

        Assert.Equal(
            """
            Events:
              Type    Reason            Age                    From                  Message
              ----    ------            ----                   ----                  -------
              Normal  SuccessfulCreate  <age>                  daemonset-controller  Created pod: fluentd-xxxxx
              Normal  SuccessfulDelete  <age> (x2 over <age>)  daemonset-controller  Deleted pod: fluentd-xxxxx
            """,
            GoldenMask.Apply(printed));
    }

    [Fact]
    public void Apply_DescribeNodePods_MasksTheTrailingAgeWithoutLayingTheBlockOut()
    {
        var printed = """
            Non-terminated Pods:          (1 in total)
              Namespace                   Name    CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
              ---------                   ----    ------------  ----------  ---------------  -------------  ---
              nodes-k27                   web     250m (6%)     0 (0%)      64Mi (0%)        128Mi (1%)     14s
            Allocated resources:
            """;

        Assert.Equal(printed.Replace("14s", "<age>", StringComparison.Ordinal).Replace("k27", "kXX", StringComparison.Ordinal), GoldenMask.Apply(printed));
    }

    [Theory]
    [InlineData("uid: 3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b", "uid: xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")]
    [InlineData("creationTimestamp: \"2026-11-22T18:37:09Z\"", "creationTimestamp: \"YYYY-MM-DDThh:mm:ssZ\"")]
    [InlineData("Start Time:   Sun, 22 Nov 2026 18:40:00 +0000", "Start Time:   Www, DD Mmm YYYY hh:mm:ss +0000")]
    [InlineData("  resourceVersion: \"8123\"", "  resourceVersion: \"<rv>\"")]
    [InlineData("\"resourceVersion\": \"17\",", "\"resourceVersion\": \"<rv>\",")]
    [InlineData("pod/fluentd-x7k2p condition met", "pod/fluentd-xxxxx condition met")]
    [InlineData("namespace/get-k27 created", "namespace/get-kXX created")]
    [InlineData("node/node-a-k33 cordoned", "node/node-a-kXX cordoned")]
    [InlineData("fluentd.187a2b3c4d5e6f70", "fluentd.xxxxxxxxxxxxxxxx")]
    public void Apply_MasksWhatChangesFromRunToRun(string printed, string masked) => Assert.Equal(masked, GoldenMask.Apply(printed));

    [Theory]
    [InlineData("daemonset.apps/log-shipper created")]
    [InlineData("image: busybox:1.36")]
    [InlineData("node-role.kubernetes.io/control-plane")]
    [InlineData("namespace/get-k26 created")]
    [InlineData("resourceVersion: 12")]
    [InlineData("restartPolicy: Always")]
    public void Apply_LeavesOrdinaryTextAlone(string printed) => Assert.Equal(printed, GoldenMask.Apply(printed));

    [Fact]
    public void ShellWords_SplitsOnBlanksAndKeepsQuotedTextTogether()
    {
        Assert.Equal(
            ["kubectl", "patch", "ds", "x", "-p", """{"spec":{"minReadySeconds":5}}""", "-o", "jsonpath={.a} {.b}", "a\"b"],
            GoldenStep.ShellWords("""kubectl patch ds x -p '{"spec":{"minReadySeconds":5}}' -o "jsonpath={.a} {.b}" "a\"b" """));
    }

    [Fact]
    public void Parse_ReadsCommandsExpectedLinesVersionConditionsAndFiles()
    {
        var script = GoldenScript.Parse("sample", """
            # A comment.
            $ kubectl get ns get-kXX
            NAME      STATUS   AGE
            [1.27-1.29] old line
            [1.30] new line
            2> Warning: text

            ! kubectl get ds nope
            2> Error from server (NotFound): daemonsets.apps "nope" not found
            + kubelet node-kXX
            -- ds.yaml --
            kind: DaemonSet
            -- editor.sh --
            sed -i s/a/b/ "$1"
            """);

        Assert.Equal(3, script.Steps.Count);
        Assert.Equal("NAME      STATUS   AGE\nold line\n2> Warning: text", script.Steps[0].ExpectedFor(28));
        Assert.Equal("NAME      STATUS   AGE\nnew line\n2> Warning: text", script.Steps[0].ExpectedFor(30));
        Assert.Equal("NAME      STATUS   AGE\n2> Warning: text", script.Steps[0].ExpectedFor(33));
        Assert.Equal('!', script.Steps[1].Mode);
        Assert.Equal(["kubelet", "node-kXX"], script.Steps[2].Words);
        Assert.Equal("kind: DaemonSet\n", script.Files["ds.yaml"]);
        Assert.Equal("sed -i s/a/b/ \"$1\"\n", script.Files["editor.sh"]);
    }
}
