using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Thalian.IdpCollector.Tests;

/// <summary>A throw-away RSA key pair (and a self-signed certificate of it) per test run.</summary>
public static class TestKeys
{
    private static readonly RSA Rsa = RSA.Create(2048);

    public static string PrivatePem { get; } = Rsa.ExportPkcs8PrivateKeyPem();
    public static string PublicPem { get; } = Rsa.ExportSubjectPublicKeyInfoPem();
    public static string CertificatePem { get; } = CreateCertificatePem();

    /// <summary>Another key, for "wrong key" cases.</summary>
    public static string OtherPrivatePem { get; } = RSA.Create(2048).ExportPkcs8PrivateKeyPem();

    private static string CreateCertificatePem()
    {
        var request = new CertificateRequest("CN=thalian-test-app", Rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return certificate.ExportCertificatePem();
    }
}
