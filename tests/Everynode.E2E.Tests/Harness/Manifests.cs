namespace Everynode.E2E.Tests.Harness;

/// <summary>The YAML manifests the tests apply, shaped like the ones people write.</summary>
internal static class Manifests
{
    public static string Namespace(string name) => $"""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: {name}
        """;

    /// <summary>The fluentd DaemonSet from the Kubernetes docs, plus a sidecar with a :latest image.</summary>
    public static string FluentdDaemonSet(string ns, string name, string image = "quay.io/fluentd_elasticsearch/fluentd:v2.5.2") => $"""
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: {name}
          namespace: {ns}
          labels:
            k8s-app: fluentd-logging
        spec:
          selector:
            matchLabels:
              name: {name}
          template:
            metadata:
              labels:
                name: {name}
            spec:
              tolerations:
              - key: node-role.kubernetes.io/control-plane
                operator: Exists
                effect: NoSchedule
              - key: node-role.kubernetes.io/master
                operator: Exists
                effect: NoSchedule
              containers:
              - name: fluentd-elasticsearch
                image: {image}
                resources:
                  limits:
                    memory: 200Mi
                  requests:
                    cpu: 100m
                    memory: 200Mi
                volumeMounts:
                - name: varlog
                  mountPath: /var/log
              - name: log-shipper
                image: busybox:latest
                args: ["sh", "-c", "tail -F /var/log/messages"]
              volumes:
              - name: varlog
                hostPath:
                  path: /var/log
        """;

    /// <summary>A DaemonSet whose selector (app=mine) does not select its own template (app=other).</summary>
    public static string MismatchedDaemonSet(string ns, string name) => $"""
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          selector:
            matchLabels:
              app: mine
          template:
            metadata:
              labels:
                app: other
            spec:
              containers:
              - name: main
                image: busybox:1.36
        """;

    public static string Pod(string ns, string name, string labels = "{}") => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {name}
          namespace: {ns}
          labels: {labels}
        spec:
          containers:
          - name: main
            image: busybox:1.36
        """;
}
