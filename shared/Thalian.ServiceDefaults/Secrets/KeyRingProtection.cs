using System.Security.Cryptography.X509Certificates;
using Amazon;
using Amazon.KeyManagementService;
using Amazon.Runtime.Credentials;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Thalian.ServiceDefaults.Secrets;

/// <summary>
/// Encrypts the Data Protection key ring with a key that never lives in the database: an X.509 certificate from a
/// mounted file (Kubernetes Secret), or an AWS KMS key. Without one, start-up fails outside Development.
/// </summary>
public static class KeyRingProtection
{
    public const string CertificateKey = "Thalian:KeyRing:Certificate";
    public const string PreviousCertificatesKey = "Thalian:KeyRing:PreviousCertificates";
    public const string KmsKeyIdKey = "Thalian:KeyRing:KmsKeyId";
    public const string KmsRegionKey = "Thalian:KeyRing:KmsRegion";
    public const string KmsServiceUrlKey = "Thalian:KeyRing:KmsServiceUrl";

    public static void Configure(IDataProtectionBuilder dataProtection, IConfiguration configuration, IHostEnvironment environment)
    {
        var previous = (configuration[PreviousCertificatesKey] ?? "")
            .Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Load)
            .ToArray();
        if (configuration[KmsKeyIdKey] is { Length: > 0 } keyId)
        {
            dataProtection.Services.AddSingleton<IAmazonKeyManagementService>(_ => KmsClient(configuration));
            dataProtection.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
                o.XmlEncryptor = new KmsXmlEncryptor(sp.GetRequiredService<IAmazonKeyManagementService>(), keyId)));
        }
        else if (configuration[CertificateKey] is { Length: > 0 } path)
        {
            var certificate = Load(path);
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate([certificate, .. previous]);
            return;
        }
        else if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"The secrets key ring must be encrypted with a key outside the database: set {CertificateKey} to a PEM file holding a certificate " +
                $"and its private key (scripts/run.sh generates .run/keyring.pem; in Kubernetes mount it from a Secret), or {KmsKeyIdKey} to an " +
                "AWS KMS key. See deploy/secrets-at-rest.md.");
        }
        if (previous.Length > 0)
        {
            dataProtection.UnprotectKeysWithAnyCertificate(previous);
        }
    }

    private static X509Certificate2 Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The key ring certificate file {path} does not exist.");
        }
        try
        {
            return X509Certificate2.CreateFromPemFile(path);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new InvalidOperationException(
                $"The key ring certificate file {path} must hold a PEM certificate and its matching private key (found no private key, or one that does not match).", e);
        }
    }

    private static AmazonKeyManagementServiceClient KmsClient(IConfiguration configuration)
    {
        var config = new AmazonKeyManagementServiceConfig();
        if (configuration[KmsServiceUrlKey] is { Length: > 0 } url)
        {
            config.ServiceURL = url;
            config.AuthenticationRegion = configuration[KmsRegionKey] ?? "us-east-1";
        }
        else if (configuration[KmsRegionKey] is { Length: > 0 } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        // The default chain: IRSA / instance role in production, environment keys elsewhere.
        return new AmazonKeyManagementServiceClient(DefaultAWSCredentialsIdentityResolver.GetCredentials(), config);
    }
}
