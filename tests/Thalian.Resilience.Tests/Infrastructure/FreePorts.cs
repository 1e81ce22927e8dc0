using System.Net;
using System.Net.Sockets;

namespace Thalian.Resilience.Tests.Infrastructure;

/// <summary>Loopback ports nobody listens on right now (the OS picks them), never the fixed ones scripts/run.sh uses.</summary>
public static class FreePorts
{
    private static readonly HashSet<int> Handed = [];

    public static int Next()
    {
        lock (Handed)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (Handed.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
