using System.Text;

namespace Everynode.ApiServer;

/// <summary>Writes the kubeconfig that makes kubectl and client libraries talk to this server as admin.</summary>
public static class Kubeconfig
{
    public static string Render(string server, string caPem, string token, string clusterName = "everynode")
    {
        var ca = Convert.ToBase64String(Encoding.UTF8.GetBytes(caPem));
        return $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {clusterName}
              cluster:
                server: {server}
                certificate-authority-data: {ca}
            users:
            - name: {clusterName}-admin
              user:
                token: {token}
            contexts:
            - name: {clusterName}
              context:
                cluster: {clusterName}
                user: {clusterName}-admin
                namespace: default
            current-context: {clusterName}

            """;
    }

    public static void Write(string path, string content)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        var tmp = path + ".tmp";
        File.WriteAllText(tmp, "");
        File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(tmp, content);
        File.Move(tmp, path, overwrite: true);
    }
}
