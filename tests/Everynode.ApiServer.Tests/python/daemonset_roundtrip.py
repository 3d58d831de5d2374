"""Drives the Everynode API server with the official Python client.

Usage: daemonset_roundtrip.py KUBECONFIG NAMESPACE
Prints one "ok: ..." line per step and exits non-zero at the first failed check.
"""
import sys

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException


def check(condition, message):
    if not condition:
        print("FAILED: " + message, flush=True)
        sys.exit(1)


def daemon_set(name, template_app):
    return client.V1DaemonSet(
        metadata=client.V1ObjectMeta(name=name, labels={"made-by": "python"}),
        spec=client.V1DaemonSetSpec(
            selector=client.V1LabelSelector(match_labels={"app": "web"}),
            template=client.V1PodTemplateSpec(
                metadata=client.V1ObjectMeta(labels={"app": template_app}),
                spec=client.V1PodSpec(containers=[
                    client.V1Container(name="main", image="nginx:1.25"),
                    client.V1Container(name="sidecar", image="busybox:1.36", command=["sleep", "3600"]),
                ]),
            ),
        ),
    )


def pod(name, labels):
    return client.V1Pod(
        metadata=client.V1ObjectMeta(name=name, labels=labels),
        spec=client.V1PodSpec(containers=[client.V1Container(name="main", image="nginx:1.25")]),
    )


def main():
    kubeconfig, ns = sys.argv[1], sys.argv[2]
    config.load_kube_config(config_file=kubeconfig)
    core = client.CoreV1Api()
    apps = client.AppsV1Api()

    core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=ns)))
    check(core.read_namespace(ns).status.phase == "Active", "namespace is Active")
    print("ok: namespace created", flush=True)

    apps.create_namespaced_daemon_set(ns, daemon_set("web", "web"))
    ds = apps.read_namespaced_daemon_set("web", ns)
    check(ds.metadata.generation == 1, "generation is 1, got %s" % ds.metadata.generation)
    check(ds.spec.update_strategy.type == "RollingUpdate", "update strategy defaulted, got %s" % ds.spec.update_strategy)
    check(ds.spec.revision_history_limit == 10, "revisionHistoryLimit defaulted")
    check(ds.spec.template.spec.containers[0].image_pull_policy == "IfNotPresent", "imagePullPolicy defaulted")
    check(ds.spec.template.spec.restart_policy == "Always", "restartPolicy defaulted")
    print("ok: daemonset read back with defaults", flush=True)

    # A dict body is sent as a strategic merge patch: the container is merged by name, the sidecar stays.
    patched = apps.patch_namespaced_daemon_set("web", ns, {
        "spec": {"template": {"spec": {"containers": [{"name": "main", "image": "nginx:1.27"}]}}}})
    containers = {c.name: c.image for c in patched.spec.template.spec.containers}
    check(containers == {"main": "nginx:1.27", "sidecar": "busybox:1.36"}, "strategic merge kept the sidecar, got %s" % containers)
    check(patched.metadata.generation == 2, "generation bumped to 2, got %s" % patched.metadata.generation)
    print("ok: daemonset patched", flush=True)

    rv = core.list_namespaced_pod(ns).metadata.resource_version
    core.create_namespaced_pod(ns, pod("web-1", {"app": "web"}))
    core.create_namespaced_pod(ns, pod("db-1", {"app": "db"}))
    names = sorted(p.metadata.name for p in core.list_namespaced_pod(ns, label_selector="app=web").items)
    check(names == ["web-1"], "label selector app=web, got %s" % names)
    names = sorted(p.metadata.name for p in core.list_namespaced_pod(ns, label_selector="app in (web,db)").items)
    check(names == ["db-1", "web-1"], "label selector app in (web,db), got %s" % names)
    print("ok: pods listed by label", flush=True)

    core.delete_namespaced_pod("web-1", ns)
    seen = []
    w = watch.Watch()
    for event in w.stream(core.list_namespaced_pod, ns, label_selector="app=web", resource_version=rv, timeout_seconds=10):
        seen.append((event["type"], event["object"].metadata.name))
        if event["type"] == "DELETED":
            w.stop()
    check(seen == [("ADDED", "web-1"), ("DELETED", "web-1")], "watch saw create and delete, got %s" % seen)
    print("ok: watch saw create and delete", flush=True)

    try:
        apps.create_namespaced_daemon_set(ns, daemon_set("bad", "other"))
        check(False, "a selector that does not match the template must be rejected")
    except ApiException as e:
        check(e.status == 422, "status 422, got %s" % e.status)
        check("`selector` does not match template `labels`" in e.body, "message in body: %s" % e.body)
        print("ok: 422 " + e.reason, flush=True)

    print("ALL OK", flush=True)


if __name__ == "__main__":
    main()
