using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using k8s;

namespace Everynode.E2E.Tests.Harness;

/// <summary>
/// The real <c>everynode server</c> running as a child process. Started on the options' data directory, it is
/// ready once it has printed its URL and kubeconfig path and answers <c>/readyz</c>.
/// </summary>
internal sealed class EverynodeServer : IAsyncDisposable
{
    private const string ListeningPrefix = "everynode server listening on ";
    private const string KubeconfigPrefix = "kubeconfig: ";
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(5);

    private readonly ChildProcess _process;

    private EverynodeServer(ChildProcess process, EverynodeServerOptions options, Uri url, string kubeconfigPath)
    {
        _process = process;
        Options = options;
        Url = url;
        KubeconfigPath = kubeconfigPath;
        Kubectl = new Kubectl(kubeconfigPath, Path.Combine(options.DataDirectory, "..", "kubectl-cache"));
    }

    public EverynodeServerOptions Options { get; }

    public Uri Url { get; }

    public string KubeconfigPath { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public Kubectl Kubectl { get; }

    /// <summary>Everything the server printed so far, for failure messages.</summary>
    public string Output => $"stdout:\n{_process.Stdout.Text}\nstderr:\n{_process.Stderr.Text}";

    public static async Task<EverynodeServer> StartAsync(EverynodeServerOptions options, CancellationToken ct = default)
    {
        List<string> args = ["server", "--data-dir", options.DataDirectory, "--port", options.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind-address", "127.0.0.1"];
        if (options.Datastore is { } datastore)
        {
            args.AddRange(["--datastore", datastore]);
        }

        args.AddRange(options.ExtraArgs);
        var process = ChildProcess.Start(EverynodeBinary.StartInfo(args));
        try
        {
            var lines = await process.Stdout.WaitUntilAsync(
                l => l.Any(x => x.StartsWith(ListeningPrefix, StringComparison.Ordinal)) && l.Any(x => x.StartsWith(KubeconfigPrefix, StringComparison.Ordinal)),
                options.StartTimeout, "listening and kubeconfig lines from everynode server", ct);
            var url = new Uri(lines.First(x => x.StartsWith(ListeningPrefix, StringComparison.Ordinal))[ListeningPrefix.Length..].Trim());
            var kubeconfig = lines.First(x => x.StartsWith(KubeconfigPrefix, StringComparison.Ordinal))[KubeconfigPrefix.Length..].Trim();
            var server = new EverynodeServer(process, options, url, kubeconfig);
            await server.WaitUntilReadyAsync(options.StartTimeout, ct);
            return server;
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            process.Dispose();
            throw new InvalidOperationException($"everynode server did not start: {e.Message}\nstderr:\n{process.Stderr.Text}", e);
        }
    }

    /// <summary>The official C# client, configured from the kubeconfig the server wrote.</summary>
    public Kubernetes CreateClient() => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath));

    /// <summary>Sends SIGTERM and waits up to <paramref name="timeout"/>; the exit code, or null when it had to be killed.</summary>
    public async Task<int?> TerminateAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        if (!_process.HasExited)
        {
            await Signals.SendAsync(_process.Id, "TERM", ct);
        }

        if (await _process.WaitForExitAsync(timeout, ct))
        {
            return _process.ExitCode;
        }

        await _process.KillAsync(ct);
        return null;
    }

    /// <summary>SIGKILL: no graceful stop, as in a crash or power loss of the process.</summary>
    public Task KillAsync(CancellationToken ct = default) => _process.KillAsync(ct);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await TerminateAsync(GracePeriod);
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        var ca = KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath).SslCaCerts
            ?? throw new InvalidOperationException("the kubeconfig has no certificate-authority-data");
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                // Trust exactly the cluster CA from the kubeconfig, as kubectl does.
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 leaf && IsIssuedBy(leaf, ca),
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        var last = "";
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"everynode server exited with {_process.ExitCode} before /readyz answered");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Url, "/readyz"), cts.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cts.Token)}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"/readyz did not answer 200 within {timeout.TotalSeconds:0} s; last: {last}");
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cts.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"/readyz did not answer 200 within {timeout.TotalSeconds:0} s; last: {last}");
            }
        }
    }

    private static bool IsIssuedBy(X509Certificate2 leaf, X509Certificate2Collection ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
