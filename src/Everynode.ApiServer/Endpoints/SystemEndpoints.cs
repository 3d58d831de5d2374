using Everynode.ApiServer.Http;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Endpoints;

/// <summary><c>/version</c> and the health endpoints, which answer without credentials as upstream's do.</summary>
internal static class SystemEndpoints
{
    /// <summary>The Kubernetes version this server speaks; kubectl's dispatcher picks its client by the minor.</summary>
    public const string KubernetesMajor = "1";
    public const string KubernetesMinor = "32";
    public const string GitVersion = "v1.32.4+everynode";

    public static bool IsPublic(string path) => path is "/version" or "/version/" or "/healthz" or "/livez" or "/readyz"
        || path.StartsWith("/healthz/", StringComparison.Ordinal) || path.StartsWith("/livez/", StringComparison.Ordinal)
        || path.StartsWith("/readyz/", StringComparison.Ordinal);

    public static Task HandleAsync(HttpContext ctx, string path, bool ready, CancellationToken ct)
    {
        // The C# client asks for "/version/"; upstream serves both spellings.
        if (path is "/version" or "/version/")
        {
            return Responses.WriteObjectAsync(ctx, 200, new VersionInfo
            {
                Major = KubernetesMajor,
                Minor = KubernetesMinor,
                GitVersion = GitVersion,
                GitCommit = "0000000000000000000000000000000000000000",
                GitTreeState = "clean",
                BuildDate = "2026-01-01T00:00:00Z",
                GoVersion = "go1.23.8",
                Compiler = "gc",
                Platform = "linux/amd64",
            }, ct);
        }

        if (path.StartsWith("/readyz", StringComparison.Ordinal) && !ready)
        {
            return Responses.WriteTextAsync(ctx, 500, "[-]everynode-bootstrap failed: not finished\nreadyz check failed", ct);
        }

        return Responses.WriteTextAsync(ctx, 200, "ok", ct);
    }
}
