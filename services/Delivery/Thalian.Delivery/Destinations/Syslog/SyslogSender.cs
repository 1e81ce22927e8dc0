using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Thalian.Delivery.Destinations.Syslog;

/// <summary>
/// Sends syslog messages over TLS, TCP or UDP. Syslog has no application acknowledgement, so a stream send counts
/// as delivered only when the receiver, after our half-close, closes its side too: it has then read everything.
/// </summary>
public sealed class SyslogSender(SyslogSettings settings, TimeSpan timeout)
{
    public async Task SendAsync(IReadOnlyList<byte[]> messages, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            if (settings.Transport == SyslogTransport.Udp)
            {
                await SendDatagramsAsync(messages, deadline.Token);
            }
            else
            {
                await SendStreamAsync(messages, deadline.Token);
            }
        }
        catch (SocketException e)
        {
            throw new SyslogDeliveryException($"Could not reach {settings.Host}:{settings.Port} ({e.SocketErrorCode}).", permanent: false, e);
        }
        catch (IOException e)
        {
            throw new SyslogDeliveryException($"The connection to {settings.Host}:{settings.Port} broke: {e.Message}", permanent: false, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SyslogDeliveryException($"{settings.Host}:{settings.Port} did not answer within {timeout.TotalSeconds:0} s.", permanent: false, e);
        }
    }

    private async Task SendDatagramsAsync(IReadOnlyList<byte[]> messages, CancellationToken cancellationToken)
    {
        using var udp = new UdpClient();
        udp.Connect(settings.Host!, settings.Port);
        foreach (var message in messages)
        {
            await udp.SendAsync(message, cancellationToken);
        }
    }

    private async Task SendStreamAsync(IReadOnlyList<byte[]> messages, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(settings.Host!, settings.Port, cancellationToken);
        await using var network = tcp.GetStream();
        await using var stream = settings.Transport == SyslogTransport.Tls ? await AuthenticateAsync(network, cancellationToken) : (Stream)network;
        foreach (var message in messages)
        {
            await stream.WriteAsync(Rfc5424.OctetCounted(message), cancellationToken);
        }
        await stream.FlushAsync(cancellationToken);
        if (stream is SslStream ssl)
        {
            await ssl.ShutdownAsync();
        }
        tcp.Client.Shutdown(SocketShutdown.Send);
        var buffer = new byte[256];
        while (await stream.ReadAsync(buffer, cancellationToken) > 0)
        {
        }
    }

    private async Task<SslStream> AuthenticateAsync(NetworkStream network, CancellationToken cancellationToken)
    {
        var serverName = settings.ServerName ?? settings.Host!;
        var errors = SslPolicyErrors.None;
        X509ChainStatusFlags chainStatus = 0;
        var ssl = new SslStream(network, leaveInnerStreamOpen: true);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            RemoteCertificateValidationCallback = (_, _, chain, policyErrors) =>
            {
                errors = policyErrors;
                chainStatus = chain?.ChainStatus.Aggregate((X509ChainStatusFlags)0, (all, s) => all | s.Status) ?? 0;
                return policyErrors == SslPolicyErrors.None;
            },
        };
        if (settings.CaCertificatePem is { } pem)
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.Add(X509Certificate2.CreateFromPem(pem));
            options.CertificateChainPolicy = policy;
        }
        try
        {
            await ssl.AuthenticateAsClientAsync(options, cancellationToken);
            return ssl;
        }
        catch (AuthenticationException e)
        {
            await ssl.DisposeAsync();
            throw new SyslogDeliveryException(CertificateProblem(serverName, errors, chainStatus, e), permanent: errors != SslPolicyErrors.None, e);
        }
    }

    private static string CertificateProblem(string serverName, SslPolicyErrors errors, X509ChainStatusFlags chainStatus, AuthenticationException e) =>
        errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) ? $"The receiver's TLS certificate is not valid for the name '{serverName}'."
        : errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) ? $"The receiver's TLS certificate is not trusted ({chainStatus}); give the CA that signed it."
        : errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) ? "The receiver sent no TLS certificate."
        : $"The TLS handshake with the receiver failed: {e.Message}";
}

/// <summary>A failed send; <see cref="Permanent"/> when retrying cannot help until the settings change (certificate, name).</summary>
public sealed class SyslogDeliveryException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
}
