using Everynode.ApiServer;
using Everynode.Client.Connection;
using k8s;

namespace Everynode.Testing;

/// <summary>
/// One <see cref="InProcessApiServer"/> per test class, with a client built the way Everynode's in-process components
/// build theirs (<see cref="KubernetesClientFactory"/>: URL, CA and admin token; HTTP/1.1, no connection cap). For the
/// tests of those components and of the client library; <see cref="ApiServerFixture"/> tests the server with the
/// official client as users build it.
/// </summary>
public class ComponentClientFixture : ApiServerFixture
{
    /// <summary>Longer than the one-second watches of the client's quiet-watch test, so those end without a single line.</summary>
    protected override TimeSpan WatchBookmarkInterval => TimeSpan.FromSeconds(5);

    protected override string FolderPrefix => "everynode-component-tests-";

    protected override Kubernetes CreateClient(ApiServerHost host) =>
        KubernetesClientFactory.FromToken(new Uri(host.Url), host.CaPem, host.AdminToken);
}
