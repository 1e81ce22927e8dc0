using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Thalian.IdpCollector.ReadingDirectories;

/// <summary>
/// The HTTP stack for vendor calls: one pooled handler, no generic resilience handler (each vendor's throttle
/// signal is honoured by <see cref="VendorRequests"/> instead), and optionally one extra trusted server certificate.
/// </summary>
public sealed class VendorHttp : IDisposable
{
    private readonly IdpOptions options;
    private readonly SocketsHttpHandler handler;

    public VendorHttp(IOptions<IdpOptions> options)
    {
        this.options = options.Value;
        handler = CreateHandler();
        Client = new HttpClient(handler, disposeHandler: false) { Timeout = this.options.RequestTimeout };
    }

    public HttpClient Client { get; }

    /// <summary>A new handler with the same trust rules, for SDKs that build their own pipeline.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        // A redirect could carry the credential headers to a host the endpoint policy never checked: vendor APIs do not redirect.
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Validate },
    };

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        if (certificate is null || string.IsNullOrWhiteSpace(options.TrustedCertificatePath) || !File.Exists(options.TrustedCertificatePath))
        {
            return false;
        }
        // Pinning one exact certificate (the emulator's) rather than disabling validation.
        using var trusted = X509Certificate2.CreateFromPem(File.ReadAllText(options.TrustedCertificatePath));
        return certificate.GetCertHashString() == trusted.GetCertHashString();
    }

    public void Dispose()
    {
        Client.Dispose();
        handler.Dispose();
    }
}
