using System.Net;
using System.Net.Sockets;

namespace Everynode.Cli.Cluster;

/// <summary>
/// Gives each local node a loopback address of its own, 127.0.1.1, 127.0.1.2, … (on Linux the whole of
/// 127.0.0.0/8 is routed to <c>lo</c>, so no interface needs configuring). Each node's agent listens on its own
/// address at the same port, as kubelets on separate hosts all listen on 10250.
/// </summary>
internal static class NodeAddresses
{
    /// <summary>The first address after 127.0.1.0 that no node of this cluster holds and whose agent port is free.</summary>
    public static string Next(IEnumerable<string> taken, int agentPort, Func<IPAddress, int, bool>? isFree = null)
    {
        isFree ??= IsPortFree;
        var used = taken.ToHashSet(StringComparer.Ordinal);
        for (var i = 1; i < 254 * 254; i++)
        {
            var address = Candidate(i);
            if (!used.Contains(address.ToString()) && isFree(address, agentPort))
            {
                return address.ToString();
            }
        }

        throw new InvalidOperationException("no free loopback address left for another node");
    }

    /// <summary>The i-th candidate (from 1): 127.0.1.1 … 127.0.1.254, then 127.0.2.1 …</summary>
    public static IPAddress Candidate(int i) => new([127, 0, (byte)(1 + ((i - 1) / 254)), (byte)(1 + ((i - 1) % 254))]);

    /// <summary>True when nothing listens on <paramref name="address"/>:<paramref name="port"/> (tried by binding it).</summary>
    public static bool IsPortFree(IPAddress address, int port)
    {
        try
        {
            using var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
