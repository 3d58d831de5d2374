using System.Globalization;

namespace Everynode.Agent.Logs;

/// <summary>
/// Where container logs live, as upstream lays out /var/log/pods: <c>DATA/pods/NS_NAME_UID/CONTAINER/N.log</c>,
/// one file per run (N is the restart count), the rotated part of a run as <c>N.log.1</c>.
/// </summary>
internal static class ContainerLogPaths
{
    public static string PodDirectory(string dataDirectory, string ns, string name, string uid) =>
        Path.Combine(dataDirectory, "pods", $"{ns}_{name}_{uid}");

    public static string ContainerDirectory(string podDirectory, string container) => Path.Combine(podDirectory, container);

    public static string RunFile(string containerDirectory, int attempt) =>
        Path.Combine(containerDirectory, attempt.ToString(CultureInfo.InvariantCulture) + ".log");

    public static string RotatedFile(string runFile) => runFile + ".1";
}
