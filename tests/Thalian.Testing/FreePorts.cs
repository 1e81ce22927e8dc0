using System.Net;
using System.Net.Sockets;

namespace Thalian.Testing;

/// <summary>
/// Free loopback ports for servers a test starts itself (rsyslogd, moto, receivers). A port is handed out once per
/// test run, so two fixtures starting at the same time never get the same one.
/// </summary>
public static class FreePorts
{
    private static readonly HashSet<int> Given = [];

    public static int Tcp() => Unique(() =>
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    });

    public static int Udp() => Unique(() =>
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    });

    private static int Unique(Func<int> next)
    {
        lock (Given)
        {
            while (true)
            {
                var port = next();
                if (Given.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
