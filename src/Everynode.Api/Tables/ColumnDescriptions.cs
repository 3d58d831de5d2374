namespace Everynode.Api.Tables;

/// <summary>
/// Column descriptions. Upstream takes them from the API types' swagger docs (<c>SwaggerDoc()[field]</c>); these are
/// the same field docs, as the official OpenAPI schema carries them, or upstream's literal text where it has one.
/// </summary>
internal static class ColumnDescriptions
{
    public const string Name = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
    public const string CreationTimestamp = "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

    public const string PodReady = "The aggregate readiness state of this pod for accepting traffic.";
    public const string PodStatus = "The aggregate status of the containers in this pod.";
    public const string PodRestarts = "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.";
    public const string PodIP = "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.";
    public const string PodNodeName = "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename";
    public const string PodNominatedNodeName = "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.";
    public const string PodReadinessGates = "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to \"True\" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates";

    public const string NodeStatus = "The status of the node";
    public const string NodeRoles = "The roles of the node";
    public const string KubeletVersion = "Kubelet Version reported by the node.";
    public const string NodeAddresses = "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).";
    public const string OSImage = "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).";
    public const string KernelVersion = "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).";
    public const string ContainerRuntimeVersion = "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).";

    public const string DesiredNumberScheduled = "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/";
    public const string CurrentNumberScheduled = "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/";
    public const string NumberReady = "numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.";
    public const string UpdatedNumberScheduled = "The total number of nodes that are running updated daemon pod";
    public const string NumberAvailable = "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)";
    public const string NodeSelector = "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/";
    public const string Containers = "Names of each container in the template.";
    public const string Images = "Images referenced by each container in the template.";
    public const string DaemonSetSelector = "A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors";

    public const string DeploymentReady = "Number of the pod with ready state";
    public const string DeploymentUpdatedReplicas = "Total number of non-terminated pods targeted by this deployment that have the desired template spec.";
    public const string DeploymentAvailableReplicas = "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.";
    public const string DeploymentSelector = "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.";
    public const string ReplicaSetDesired = "Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller";
    public const string ReplicaSetCurrent = "Replicas is the most recently oberved number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller";
    public const string ReplicaSetReady = "The number of ready replicas for this replica set.";
    public const string ReplicaSetSelector = "Selector is a label query over pods that should match the replica count. If the selector is empty, it is defaulted to the labels present on the pod template. Label keys and values that must match in order to be controlled by this replica set. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors";

    public const string EventLastTimestamp = "The time at which the most recent occurrence of this event was recorded.";
    public const string EventType = "Type of this event (Normal, Warning), new types could be added in the future";
    public const string EventReason = "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.";
    public const string EventInvolvedObject = "The object that this event is about.";
    public const string EventFieldPath = "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: \"spec.containers{name}\" (where \"name\" refers to the name of the container that triggered the event) or if no container name is specified \"spec.containers[2]\" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.";
    public const string EventSource = "The component reporting this event. Should be a short machine understandable string.";
    public const string EventMessage = "A human-readable description of the status of this operation.";
    public const string EventFirstTimestamp = "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)";
    public const string EventCount = "The number of times this event has occurred.";

    public const string NamespaceStatus = "The status of the namespace";
    public const string LeaseHolder = "holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.";
    public const string ControllerRevisionController = "Controller of the object";
    public const string ControllerRevisionRevision = "Revision indicates the revision of the state represented by Data.";
}
