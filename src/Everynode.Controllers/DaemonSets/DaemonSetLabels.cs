namespace Everynode.Controllers.DaemonSets;

/// <summary>The labels and keys the DaemonSet controller writes onto its pods and ControllerRevisions.</summary>
public static class DaemonSetLabels
{
    /// <summary>apps/v1 DefaultDaemonSetUniqueLabelKey: the current revision's hash, on pods and revisions.</summary>
    public const string ControllerRevisionHash = "controller-revision-hash";

    /// <summary>The deprecated template generation, copied from the DaemonSet annotation onto pods.</summary>
    public const string PodTemplateGeneration = "pod-template-generation";
}
