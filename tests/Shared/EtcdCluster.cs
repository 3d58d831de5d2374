using System.Diagnostics;

namespace Everynode.Testing;

/// <summary>
/// A real etcd cluster (Debian's etcd-server) of one or more members on 127.0.0.1, each on free ports with a data
/// folder under one temp folder. Members are started and stopped by process id; <see cref="DisposeAsync"/> kills them
/// all and deletes the folder. When the etcd binary is missing and the tests run as root, it installs etcd-server.
/// </summary>
internal sealed class EtcdCluster : IAsyncDisposable
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private readonly TempDirectory _root = new("everynode-etcd-");
    private readonly Member[] _members;

    private EtcdCluster(int size, bool tls)
    {
        var ports = FreePorts.Take(2 * size);
        _members = Enumerable.Range(0, size).Select(i => new Member($"m{i}", ports[2 * i], ports[2 * i + 1])).ToArray();
        Tls = tls ? EtcdTestCertificates.Create(_root.Combine("tls")) : null;
    }

    public int Size => _members.Length;

    /// <summary>With TLS: the CA, and a client certificate the members require (<c>--client-cert-auth</c>).</summary>
    public EtcdTestCertificates? Tls { get; }

    private string Scheme => Tls is null ? "http" : "https";

    /// <summary>Client URLs of every member.</summary>
    public IReadOnlyList<Uri> Endpoints => _members.Select(m => new Uri($"{Scheme}://127.0.0.1:{m.ClientPort}")).ToList();

    /// <summary><c>etcd://127.0.0.1:P1,127.0.0.1:P2,…</c> for <c>everynode server --datastore</c>.</summary>
    public string DatastoreUrl => "etcd://" + string.Join(',', _members.Select(m => $"127.0.0.1:{m.ClientPort}"));

    /// <param name="size">Number of members.</param>
    /// <param name="tls">Serve clients over TLS and require client certificates signed by <see cref="Tls"/>'s CA.</param>
    /// <param name="ct">Cancels the start.</param>
    public static async Task<EtcdCluster> StartAsync(int size, bool tls = false, CancellationToken ct = default)
    {
        await EnsureInstalledAsync(ct);
        for (var attempt = 1; ; attempt++)
        {
            var cluster = new EtcdCluster(size, tls);
            try
            {
                for (var i = 0; i < size; i++)
                {
                    cluster.StartMember(i);
                }

                await cluster.WaitHealthyAsync(ct);
                return cluster;
            }
            catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("address already in use", StringComparison.Ordinal))
            {
                // A free port found by binding port 0 was taken by another process before etcd bound it: new ports.
                await cluster.DisposeAsync();
            }
            catch
            {
                await cluster.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>SIGKILLs member <paramref name="index"/>.</summary>
    public void KillMember(int index)
    {
        var member = _members[index];
        if (member.Process is { } p)
        {
            try
            {
                p.Kill();
                p.WaitForExit();
            }
            catch (InvalidOperationException)
            {
            }

            p.Dispose();
            member.Process = null;
        }
    }

    /// <summary>Starts a killed member again on its data folder (it rejoins the cluster; the initial-cluster flags are then ignored).</summary>
    public Task RestartMemberAsync(int index, CancellationToken ct = default)
    {
        StartMember(index);
        return WaitHealthyAsync(ct);
    }

    /// <summary>Starts every stopped member at once (a member alone cannot become healthy without quorum) and waits for all.</summary>
    public Task RestartAllAsync(CancellationToken ct = default)
    {
        for (var i = 0; i < _members.Length; i++)
        {
            if (_members[i].Process is null)
            {
                StartMember(i);
            }
        }

        return WaitHealthyAsync(ct);
    }

    /// <summary>The index of the member that is the raft leader now (from etcd's JSON gateway, /v3/maintenance/status).</summary>
    public async Task<int> LeaderIndexAsync(CancellationToken ct = default)
    {
        using var http = NewHttpClient();
        for (var i = 0; i < _members.Length; i++)
        {
            if (_members[i].Process is null)
            {
                continue;
            }

            using var content = new StringContent("{}");
            using var response = await http.PostAsync(new Uri($"{Scheme}://127.0.0.1:{_members[i].ClientPort}/v3/maintenance/status"), content, ct);
            using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            var self = json.RootElement.GetProperty("header").GetProperty("member_id").GetString();
            if (self == json.RootElement.GetProperty("leader").GetString())
            {
                return i;
            }
        }

        throw new InvalidOperationException("no etcd member reports itself the leader");
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < _members.Length; i++)
        {
            KillMember(i);
        }

        await Task.Yield();
        _root.Delete();
    }

    private void StartMember(int index)
    {
        var m = _members[index];
        var initialCluster = string.Join(',', _members.Select(x => $"{x.Name}=http://127.0.0.1:{x.PeerPort}"));
        var info = new ProcessStartInfo("etcd")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[
            "--name", m.Name,
            "--data-dir", _root.Combine(m.Name),
            "--listen-client-urls", $"{Scheme}://127.0.0.1:{m.ClientPort}",
            "--advertise-client-urls", $"{Scheme}://127.0.0.1:{m.ClientPort}",
            "--listen-peer-urls", $"http://127.0.0.1:{m.PeerPort}",
            "--initial-advertise-peer-urls", $"http://127.0.0.1:{m.PeerPort}",
            "--initial-cluster", initialCluster,
            "--initial-cluster-state", "new",
            "--initial-cluster-token", Path.GetFileName(_root.Path),
            // Loopback: short raft timings so elections after a kill take well under a second.
            "--heartbeat-interval", "50",
            "--election-timeout", "500",
            "--log-level", "warn",
        ])
        {
            info.ArgumentList.Add(arg);
        }

        if (Tls is { } tls)
        {
            foreach (var arg in (string[])["--cert-file", tls.ServerCertFile, "--key-file", tls.ServerKeyFile, "--trusted-ca-file", tls.CaFile, "--client-cert-auth"])
            {
                info.ArgumentList.Add(arg);
            }
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("etcd did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => m.Log.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        m.Process = process;
    }

    /// <summary>Waits until every running member answers /health with "true" (the cluster has a leader).</summary>
    private async Task WaitHealthyAsync(CancellationToken ct)
    {
        using var http = NewHttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        foreach (var m in _members.Where(m => m.Process is not null))
        {
            while (true)
            {
                if (m.Process!.HasExited)
                {
                    throw new InvalidOperationException($"etcd member {m.Name} exited {m.Process.ExitCode}: {string.Join('\n', m.Log.TakeLast(20))}");
                }

                try
                {
                    var body = await http.GetStringAsync(new Uri($"{Scheme}://127.0.0.1:{m.ClientPort}/health"), ct);
                    if (body.Contains("\"true\"", StringComparison.Ordinal))
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                {
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"etcd member {m.Name} not healthy in 60 s: {string.Join('\n', m.Log.TakeLast(20))}");
                }

                await Task.Delay(50, ct);
            }
        }
    }

    /// <summary>A client for the members' HTTP endpoints (/health, the JSON gateway), with the client certificate under TLS.</summary>
    private HttpClient NewHttpClient()
    {
        var handler = new SocketsHttpHandler();
        if (Tls is { } tls)
        {
            handler.SslOptions.ClientCertificates = [tls.LoadClientCertificate()];
            var ca = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(tls.CaFile));
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
                chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
                return certificate is System.Security.Cryptography.X509Certificates.X509Certificate2 leaf && chain.Build(leaf);
            };
        }

        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
    }

    private static bool IsInstalled() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, "etcd")));

    /// <summary>Installs Debian's etcd-server when etcd is missing and we are root; otherwise says what to do.</summary>
    private static async Task EnsureInstalledAsync(CancellationToken ct)
    {
        if (IsInstalled())
        {
            return;
        }

        await InstallLock.WaitAsync(ct);
        try
        {
            if (IsInstalled())
            {
                return;
            }

            if (Environment.UserName != "root")
            {
                throw new InvalidOperationException("etcd is not installed: apt-get install etcd-server (the tests install it when run as root)");
            }

            foreach (var args in (string[])["update -qq", "install -y -qq etcd-server"])
            {
                var info = new ProcessStartInfo("apt-get", args) { RedirectStandardOutput = true, RedirectStandardError = true };
                info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
                using var p = Process.Start(info)!;
                var stderr = p.StandardError.ReadToEndAsync(ct);
                await p.StandardOutput.ReadToEndAsync(ct);
                await p.WaitForExitAsync(ct);
                if (p.ExitCode != 0)
                {
                    throw new InvalidOperationException($"apt-get {args} failed: {await stderr}");
                }
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private sealed class Member(string name, int clientPort, int peerPort)
    {
        public string Name { get; } = name;

        public int ClientPort { get; } = clientPort;

        public int PeerPort { get; } = peerPort;

        public Process? Process { get; set; }

        public System.Collections.Concurrent.ConcurrentQueue<string> Log { get; } = new();
    }
}
