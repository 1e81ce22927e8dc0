using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Thalian.Delivery.Destinations.Syslog;
using Thalian.Testing;

namespace Thalian.Delivery.Tests.Syslog;

/// <summary>
/// A real rsyslogd of the test's own (never the machine's syslog): its own config, work folder and pid file, listening
/// on free loopback ports for TLS (gtls driver, a test CA), plain TCP and UDP, and writing every message it parsed
/// as one JSON line (its RFC 5424 fields and the MSG) to a file the tests read.
/// </summary>
public sealed class RsyslogServer : IAsyncLifetime
{
    private Process? process;
    private readonly List<string> output = [];

    public string Folder { get; } = Directory.CreateTempSubdirectory("thalian-rsyslog-").FullName;
    public TestCertificates Certificates { get; private set; } = null!;
    public int TlsPort { get; } = FreePorts.Tcp();
    public int TcpPort { get; } = FreePorts.Tcp();
    public int UdpPort { get; } = FreePorts.Udp();
    private string Received => Path.Combine(Folder, "received.jsonl");

    public async Task InitializeAsync()
    {
        if (!File.Exists("/usr/sbin/rsyslogd") || !Directory.EnumerateFiles("/usr/lib", "lmnsd_gtls.so", SearchOption.AllDirectories).Any())
        {
            throw new InvalidOperationException("rsyslog and rsyslog-gnutls are not installed: run bash scripts/ensure-rsyslog.sh (scripts/test.sh does).");
        }
        Certificates = TestCertificates.WriteTo(Folder);
        var config = Path.Combine(Folder, "rsyslog.conf");
        await File.WriteAllTextAsync(config, Config());
        var start = new ProcessStartInfo("/usr/sbin/rsyslogd", ["-n", "-f", config, "-i", Path.Combine(Folder, "rsyslogd.pid")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        process = Process.Start(start) ?? throw new InvalidOperationException("rsyslogd did not start.");
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Ready when a probe sent to each input is in our own file: proof that this rsyslogd, not some other
        // process that took a port, is the one listening.
        foreach (var (transport, port) in new[] { (SyslogTransport.Tls, TlsPort), (SyslogTransport.Tcp, TcpPort), (SyslogTransport.Udp, UdpPort) })
        {
            var probe = $"probe-{transport}-{Guid.NewGuid():N}";
            var settings = new SyslogSettings { Host = "localhost", Port = port, Transport = transport, CaCertificatePem = Certificates.CaPem };
            await Eventually.True(async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"rsyslogd exited ({process.ExitCode}): {Log}");
                }
                try
                {
                    await new SyslogSender(settings, TimeSpan.FromSeconds(5)).SendAsync([System.Text.Encoding.UTF8.GetBytes($"<13>1 - probe thalian-test - - - {probe}")], CancellationToken.None);
                }
                catch (SyslogDeliveryException)
                {
                    return false;
                }
                await Task.Delay(200);
                return Messages().Any(m => m.Msg.Contains(probe, StringComparison.Ordinal));
            }, TimeSpan.FromSeconds(60), $"rsyslogd to receive a probe over {transport}");
        }
    }

    /// <summary>The messages rsyslog has written so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedSyslog> Messages() =>
        File.Exists(Received)
            ? [.. File.ReadAllLines(Received).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<ReceivedSyslog>(l, JsonSerializerOptions.Web)!)]
            : [];

    public async Task<IReadOnlyList<ReceivedSyslog>> WaitForAsync(Func<ReceivedSyslog, bool> which, int count)
    {
        IReadOnlyList<ReceivedSyslog> found = [];
        await Eventually.True(() =>
        {
            found = [.. Messages().Where(which)];
            return Task.FromResult(found.Count >= count);
        }, TimeSpan.FromSeconds(90), $"{count} messages in rsyslog's file");
        return found;
    }

    public string Log { get { lock (output) { return string.Join('\n', output); } } }

    public Task DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        process?.Dispose();
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }

    private string Config() => $$"""
        global(
          workDirectory="{{Folder}}"
          maxMessageSize="64k"
          defaultNetstreamDriverCAFile="{{Certificates.CaFile}}"
          defaultNetstreamDriverCertFile="{{Certificates.CertFile}}"
          defaultNetstreamDriverKeyFile="{{Certificates.KeyFile}}")
        module(load="imtcp" maxSessions="100")
        module(load="imudp")
        input(type="imtcp" name="tls" address="127.0.0.1" port="{{TlsPort}}" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")
        input(type="imtcp" name="tcp" address="127.0.0.1" port="{{TcpPort}}")
        input(type="imudp" name="udp" address="127.0.0.1" port="{{UdpPort}}")
        template(name="fields" type="list") {
          constant(value="{\"input\":\"") property(name="inputname" format="json")
          constant(value="\",\"pri\":\"") property(name="pri")
          constant(value="\",\"version\":\"") property(name="protocol-version" format="json")
          constant(value="\",\"timestamp\":\"") property(name="timereported" dateFormat="rfc3339" format="json")
          constant(value="\",\"hostname\":\"") property(name="hostname" format="json")
          constant(value="\",\"appName\":\"") property(name="app-name" format="json")
          constant(value="\",\"procId\":\"") property(name="procid" format="json")
          constant(value="\",\"msgId\":\"") property(name="msgid" format="json")
          constant(value="\",\"structuredData\":\"") property(name="structured-data" format="json")
          constant(value="\",\"msg\":\"") property(name="msg" format="json")
          constant(value="\"}\n")
        }
        action(type="omfile" file="{{Received}}" template="fields" flushOnTXEnd="on" asyncWriting="off")
        """;

    private void Capture(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.Add(line);
            }
        }
    }

}

/// <summary>One message as rsyslog parsed it (RFC 5424 fields) and the input it came in on.</summary>
public sealed record ReceivedSyslog(
    string Input, string Pri, string Version, string Timestamp, string Hostname, string AppName, string ProcId, string MsgId,
    string StructuredData, string Msg);
