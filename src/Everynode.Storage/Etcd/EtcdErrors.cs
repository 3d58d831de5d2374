using Grpc.Core;

namespace Everynode.Storage.Etcd;

/// <summary>What etcd's gRPC errors mean for the storage contract.</summary>
internal static class EtcdErrors
{
    /// <summary>"mvcc: required revision has been compacted".</summary>
    public static bool IsCompacted(RpcException e) =>
        e.StatusCode == StatusCode.OutOfRange && e.Status.Detail.Contains("compacted", StringComparison.Ordinal);

    /// <summary>"mvcc: required revision is a future revision".</summary>
    public static bool IsFutureRevision(RpcException e) =>
        e.StatusCode == StatusCode.OutOfRange && e.Status.Detail.Contains("future", StringComparison.Ordinal);

    /// <summary>
    /// Errors after which the same request may go to another member: the member is gone or unreachable, or the cluster
    /// is electing a raft leader ("etcdserver: no leader", "leader changed", "request timed out" are Unavailable).
    /// </summary>
    public static bool IsTransient(RpcException e) => e.StatusCode == StatusCode.Unavailable;
}
