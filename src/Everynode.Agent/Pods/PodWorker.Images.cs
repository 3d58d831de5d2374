using Everynode.Agent.Images;
using Everynode.Agent.Images.Registry;
using Everynode.Agent.Runtime;
using Everynode.Client.Events;
using k8s;
using k8s.Models;

namespace Everynode.Agent.Pods;

/// <summary>
/// The kubelet's image manager for one container start: the reference is checked, the pull policy decides between
/// the node's copy and a pull (<c>Always</c> resolves the tag each start and fetches only a changed digest), the
/// pod's <c>imagePullSecrets</c> supply credentials, and failures walk <c>ErrImagePull</c> → <c>ImagePullBackOff</c>
/// with the kubelet's backoff. Events and messages are worded as the kubelet words them.
/// </summary>
internal sealed partial class PodWorker
{
    private async Task<ImageConfig?> EnsureImageAsync(V1Pod pod, ContainerRecord c, CancellationToken ct)
    {
        var image = c.Spec.Image ?? "";
        var now = _ctx.Time.GetUtcNow();
        if (!ImageReference.TryParse(image, out var reference))
        {
            var invalid = $"Failed to apply default image tag \"{image}\": couldn't parse image name \"{image}\": invalid reference format";
            if (c.WaitingReason != "InvalidImageName")
            {
                RecordContainerEvent(pod, c, EventTypes.Warning, "InspectFailed", invalid);
            }

            WaitWithError(pod, c, "InvalidImageName", invalid, now + TimeSpan.FromMinutes(1));
            return null;
        }

        var present = await _ctx.Runtime.FindImageAsync(image, ct);
        var policy = c.Spec.ImagePullPolicy is { Length: > 0 } given ? given : reference!.Tag is "latest" && reference.Digest is null ? "Always" : "IfNotPresent";
        if (policy == "Never" || (policy == "IfNotPresent" && present is not null))
        {
            if (present is not null)
            {
                c.ImageId = present.RepoDigest ?? present.ImageId;
                RecordContainerEvent(pod, c, EventTypes.Normal, "Pulled", $"Container image \"{image}\" already present on machine");
                return present;
            }

            var never = $"Container image \"{image}\" is not present with pull policy of Never";
            if (c.WaitingReason != "ErrImageNeverPull")
            {
                RecordContainerEvent(pod, c, EventTypes.Warning, "ErrImageNeverPull", never);
            }

            WaitWithError(pod, c, "ErrImageNeverPull", never, now + TimeSpan.FromSeconds(10));
            return null;
        }

        var key = $"{Uid}/{image}";
        if (_ctx.ImagePull.IsInBackOffSinceUpdate(key))
        {
            if (c.WaitingReason != "ImagePullBackOff")
            {
                RecordContainerEvent(pod, c, EventTypes.Normal, "BackOff", $"Back-off pulling image \"{image}\"");
                RecordContainerEvent(pod, c, EventTypes.Warning, "Failed", "Error: ImagePullBackOff");
            }

            c.WaitingMessage = $"Back-off pulling image \"{image}\": ErrImagePull: {c.PullError}";
            c.WaitingReason = "ImagePullBackOff";
            WakeAt((c.PullFailedAt ?? now) + _ctx.ImagePull.Get(key));
            return null;
        }

        var credentials = await PullCredentialsAsync(pod, reference!, ct);
        RecordContainerEvent(pod, c, EventTypes.Normal, "Pulling", $"Pulling image \"{image}\"");
        var started = _ctx.Time.GetTimestamp();
        try
        {
            var pulled = await _ctx.Runtime.PullImageAsync(image, credentials, ct);
            var took = GoDuration.Format(TruncatedToMilliseconds(_ctx.Time.GetElapsedTime(started)));
            _ctx.ImagePull.Reset(key);
            c.ImageId = pulled.Image.RepoDigest ?? pulled.Image.ImageId;
            RecordContainerEvent(pod, c, EventTypes.Normal, "Pulled",
                $"Successfully pulled image \"{image}\" in {took} ({took} including waiting). Image size: {pulled.Size} bytes.");
            return pulled.Image;
        }
        catch (Exception e) when (e is ImagePullException or ImageNotPresentException)
        {
            now = _ctx.Time.GetUtcNow();
            _ctx.ImagePull.Next(key, now);
            c.PullError = e.Message;
            c.PullFailedAt = now;
            RecordContainerEvent(pod, c, EventTypes.Warning, "Failed", $"Failed to pull image \"{image}\": {e.Message}");
            // Look again shortly, to show ImagePullBackOff while the backoff lasts (upstream's periodic resync does).
            WaitWithError(pod, c, "ErrImagePull", e.Message, now + TimeSpan.FromSeconds(1));
            return null;
        }
    }

    /// <summary>The credentials the pod's <c>imagePullSecrets</c> hold for this image, most specific first. A secret
    /// that cannot be read is reported (as the kubelet reports it) and the pull goes on without it.</summary>
    private async Task<IReadOnlyList<RegistryCredential>> PullCredentialsAsync(V1Pod pod, ImageReference reference, CancellationToken ct)
    {
        var names = (pod.Spec?.ImagePullSecrets ?? []).Select(s => s.Name).Where(n => !string.IsNullOrEmpty(n)).Distinct().ToList();
        if (names.Count == 0)
        {
            return [];
        }

        var keyring = new DockerKeyring();
        var missing = new List<string>();
        foreach (var name in names)
        {
            try
            {
                var secret = await _ctx.Client.CoreV1.ReadNamespacedSecretAsync(name, Namespace, cancellationToken: ct);
                var data = secret.Data ?? new Dictionary<string, byte[]>();
                if (data.TryGetValue(".dockerconfigjson", out var json))
                {
                    keyring.Add(json, legacy: false);
                }
                else if (data.TryGetValue(".dockercfg", out var cfg))
                {
                    keyring.Add(cfg, legacy: true);
                }
            }
            catch (FormatException)
            {
                missing.Add(name);
            }
            catch (Exception e) when (ApiCalls.IsTransient(e))
            {
                missing.Add(name);
            }
        }

        if (missing.Count > 0)
        {
            _ctx.Events.Record(pod, EventTypes.Warning, "FailedToRetrieveImagePullSecret",
                $"Unable to retrieve some image pull secrets ({string.Join(", ", missing)}); attempting to pull the image may not succeed.");
        }

        return keyring.Lookup(reference.Repository);
    }

    private static TimeSpan TruncatedToMilliseconds(TimeSpan duration) =>
        TimeSpan.FromTicks(duration.Ticks - (duration.Ticks % TimeSpan.TicksPerMillisecond));
}
