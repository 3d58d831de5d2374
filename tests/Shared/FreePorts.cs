using System.Net;
using System.Net.Sockets;

namespace Everynode.Testing;

/// <summary>Free TCP ports on 127.0.0.1 for servers a test starts.</summary>
internal static class FreePorts
{
    /// <summary>
    /// <paramref name="count"/> distinct ports free now. Every listener stays bound until all are chosen, so the
    /// kernel cannot hand the same port out twice (ports taken one at a time and released at once can repeat).
    /// Another process may still take one before the caller binds it.
    /// </summary>
    public static int[] Take(int count)
    {
        var listeners = new List<TcpListener>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listeners.Add(listener);
                listener.Start();
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }

    /// <summary>One port free now.</summary>
    public static int One() => Take(1)[0];
}
