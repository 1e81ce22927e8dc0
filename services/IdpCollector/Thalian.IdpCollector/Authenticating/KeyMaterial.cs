using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;

namespace Thalian.IdpCollector.Authenticating;

/// <summary>Reads the PEM key material tenants paste in; throws CryptographicException/ArgumentException when unreadable.</summary>
public static class KeyMaterial
{
    public static AsymmetricSecurityKey LoadSigningKey(string pem, string? keyId = null)
    {
        if (pem.Contains("EC PRIVATE KEY", StringComparison.Ordinal) || LooksLikeEc(pem))
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec) { KeyId = keyId };
        }
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return new RsaSecurityKey(rsa) { KeyId = keyId };
    }

    public static string AlgorithmFor(AsymmetricSecurityKey key) =>
        key is ECDsaSecurityKey ? SecurityAlgorithms.EcdsaSha256 : SecurityAlgorithms.RsaSha256;

    public static X509Certificate2 LoadCertificateWithKey(string pem)
    {
        // Pasted PEM blocks are often glued together without a newline.
        pem = pem.Replace("----------", "-----\n-----", StringComparison.Ordinal);
        var certificate = X509Certificate2.CreateFromPem(pem, pem);
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new ArgumentException("The certificate has no private key.");
        }
        return certificate;
    }

    private static bool LooksLikeEc(string pem)
    {
        try
        {
            using var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
