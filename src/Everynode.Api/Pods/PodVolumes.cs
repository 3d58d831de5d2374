using k8s.Models;

namespace Everynode.Api.Pods;

/// <summary>The volume sources a v1 Volume may name, in upstream's validation order with their field names.</summary>
internal static class PodVolumes
{
    public static IEnumerable<(string Field, object? Source)> Sources(V1Volume v) =>
    [
        ("emptyDir", v.EmptyDir), ("hostPath", v.HostPath), ("gitRepo", v.GitRepo), ("gcePersistentDisk", v.GcePersistentDisk),
        ("awsElasticBlockStore", v.AwsElasticBlockStore), ("secret", v.Secret), ("nfs", v.Nfs), ("iscsi", v.Iscsi),
        ("glusterfs", v.Glusterfs), ("flocker", v.Flocker), ("persistentVolumeClaim", v.PersistentVolumeClaim), ("rbd", v.Rbd),
        ("cinder", v.Cinder), ("cephFS", v.Cephfs), ("quobyte", v.Quobyte), ("downwarAPI", v.DownwardAPI), ("fc", v.Fc),
        ("flexVolume", v.FlexVolume), ("configMap", v.ConfigMap), ("azureFile", v.AzureFile), ("vsphereVolume", v.VsphereVolume),
        ("photonPersistentDisk", v.PhotonPersistentDisk), ("portworxVolume", v.PortworxVolume), ("azureDisk", v.AzureDisk),
        ("storageos", v.Storageos), ("projected", v.Projected), ("scaleIO", v.ScaleIO), ("csi", v.Csi), ("ephemeral", v.Ephemeral),
        ("image", v.Image),
    ];

    public static bool HasSource(V1Volume v) => Sources(v).Any(s => s.Source is not null);
}
