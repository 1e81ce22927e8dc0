using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Thalian.ServiceDefaults.Auth;

namespace Thalian.Testing;

/// <summary>
/// The internal-token key pair of a test process, written to PEM files the way scripts/run.sh writes .run/token-*.pem:
/// the gateway gets the private key file, every service the public one.
/// </summary>
public static class TestTokenKeys
{
    private static readonly Lazy<(string Private, string Public, GatewayTokenSigner Signer)> Files = new(() =>
    {
        var (privatePath, publicPath) = Write("thalian-test-token");
        return (privatePath, publicPath, SignerFor(privatePath));
    });

    public static string SigningKeyPath => Files.Value.Private;

    public static string PublicKeysPath => Files.Value.Public;

    /// <summary>A token as the gateway would mint it. Test tenants are sandbox tenants unless a test says otherwise.</summary>
    public static string Issue(string tenantId, string role = "admin", bool sandbox = true) =>
        Files.Value.Signer.Issue(tenantId, role, $"test:{role}", sandbox, DateTimeOffset.UtcNow);

    /// <summary>A fresh P-256 key pair in two PEM files of its own.</summary>
    public static (string PrivateKeyPath, string PublicKeyPath) Write(string name)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var stem = Path.Combine(Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}");
        File.WriteAllText(stem + ".key.pem", ecdsa.ExportPkcs8PrivateKeyPem() + "\n");
        File.WriteAllText(stem + ".pub.pem", ecdsa.ExportSubjectPublicKeyInfoPem() + "\n");
        return (stem + ".key.pem", stem + ".pub.pem");
    }

    public static GatewayTokenSigner SignerFor(string privateKeyPath) =>
        GatewayTokenSigner.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection([new(GatewayTokens.SigningKeyFileKey, privateKeyPath)]).Build());
}
