namespace Everynode.Agent.Pods;

/// <summary>Whether a pod may run on this node; a rejection carries upstream's reason and message.</summary>
internal sealed record AdmissionResult(bool Admit, string Reason, string Message)
{
    public static AdmissionResult Admitted { get; } = new(true, "", "");

    public static AdmissionResult Reject(string reason, string message) => new(false, reason, message);
}
