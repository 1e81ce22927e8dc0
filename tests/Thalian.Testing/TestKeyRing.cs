using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Thalian.Testing;

/// <summary>A key-ring certificate (PEM, certificate and private key) made once per test process, as run.sh makes one per machine.</summary>
public static class TestKeyRing
{
    private static readonly Lazy<string> Path = new(() => Write("thalian-test-keyring"));

    public static string CertificatePath => Path.Value;

    /// <summary>A new self-signed certificate in a PEM file of its own.</summary>
    public static string Write(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}.pem");
        File.WriteAllText(file, certificate.ExportCertificatePem() + "\n" + rsa.ExportPkcs8PrivateKeyPem() + "\n");
        return file;
    }
}
