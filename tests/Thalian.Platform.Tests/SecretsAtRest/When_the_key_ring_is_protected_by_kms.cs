using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Thalian.ServiceDefaults.Secrets;
using Thalian.Testing;

namespace Thalian.Platform.Tests.SecretsAtRest;

/// <summary>The production option: the key ring encrypted by an AWS KMS key, here moto's KMS over the real wire protocol.</summary>
public sealed class When_the_key_ring_is_protected_by_kms : IsolatedInfrastructure
{
    private Process? moto;
    private string endpoint = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        endpoint = $"http://127.0.0.1:{port}";
        moto = Process.Start(new ProcessStartInfo("python3", $"-m moto.server -H 127.0.0.1 -p {port}") { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("moto did not start (pip install \"moto[server]\")");
        moto.BeginOutputReadLine();
        moto.BeginErrorReadLine();
        using var http = new HttpClient();
        await Eventually.True(async () =>
        {
            try
            {
                return (await http.GetAsync(new Uri($"{endpoint}/moto-api/"))).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "moto to listen");
        // The services take KMS credentials from the default chain; moto accepts any.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    }

    public override async Task DisposeAsync()
    {
        moto?.Kill(entireProcessTree: true);
        moto?.Dispose();
        await base.DisposeAsync();
    }

    private async Task<string> CreateKeyAsync()
    {
        using var kms = new AmazonKeyManagementServiceClient(new BasicAWSCredentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            new AmazonKeyManagementServiceConfig { ServiceURL = endpoint, AuthenticationRegion = "us-east-1" });
        return (await kms.CreateKeyAsync(new CreateKeyRequest { Description = "thalian key ring" })).KeyMetadata.KeyId;
    }

    private Dictionary<string, string?> Kms(string keyId) => new()
    {
        [KeyRingProtection.KmsKeyIdKey] = keyId,
        [KeyRingProtection.KmsServiceUrlKey] = endpoint,
        [KeyRingProtection.KmsRegionKey] = "us-east-1",
    };

    [Fact]
    public async Task Secrets_open_only_through_the_kms_key()
    {
        var schema = SchemaFor("kms");
        var keyId = await CreateKeyAsync();
        string ciphertext;
        using (var service = await KeyRingHost.StartAsync(PostgresConnectionString, schema, settings: Kms(keyId)))
        {
            ciphertext = service.Protector().Protect("00aOktaApiToken");
        }
        var dump = await KeyRingHost.DumpAsync(PostgresConnectionString, schema);
        Assert.Contains("kmsEncrypted", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", dump, StringComparison.Ordinal);

        using (var attacker = await KeyRingHost.StartAsync(PostgresConnectionString, schema, environment: "Development"))
        {
            Assert.ThrowsAny<CryptographicException>(() => attacker.Protector().Unprotect(ciphertext));
        }
        using var replica = await KeyRingHost.StartAsync(PostgresConnectionString, schema, settings: Kms(keyId));
        Assert.Equal("00aOktaApiToken", replica.Protector().Unprotect(ciphertext));
    }
}
