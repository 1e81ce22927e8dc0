using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Thalian.ServiceDefaults.Secrets;
using Thalian.Testing;

namespace Thalian.Platform.Tests.SecretsAtRest;

public sealed class When_the_database_is_stolen : IsolatedInfrastructure
{
    private const string AwsSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    [Fact]
    public async Task A_dump_and_the_ciphertext_open_nothing_without_the_key_file()
    {
        var schema = SchemaFor("stolen");
        var certificate = TestKeyRing.Write("stolen-keyring");
        string ciphertext;
        using (var service = await KeyRingHost.StartAsync(PostgresConnectionString, schema, settings: KeyRingHost.Certificate(certificate)))
        {
            ciphertext = service.Protector().Protect(AwsSecret);
        }

        var dump = await KeyRingHost.DumpAsync(PostgresConnectionString, schema);
        Assert.DoesNotContain(AwsSecret, dump, StringComparison.Ordinal);
        Assert.Contains("encryptedSecret", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", dump, StringComparison.Ordinal);

        var restored = SchemaFor("attacker");
        await KeyRingHost.RestoreKeyRingAsync(dump, PostgresConnectionString, schema, restored);
        using (var attacker = await KeyRingHost.StartAsync(PostgresConnectionString, restored, environment: "Development"))
        {
            Assert.ThrowsAny<CryptographicException>(() => attacker.Protector().Unprotect(ciphertext));
        }
        using (var wrongKey = await KeyRingHost.StartAsync(PostgresConnectionString, restored, settings: KeyRingHost.Certificate(TestKeyRing.Write("other"))))
        {
            Assert.ThrowsAny<CryptographicException>(() => wrongKey.Protector().Unprotect(ciphertext));
        }
        // The same dump with the key file does open: the restore above is faithful, so the failures are the protection.
        using var owner = await KeyRingHost.StartAsync(PostgresConnectionString, restored, settings: KeyRingHost.Certificate(certificate));
        Assert.Equal(AwsSecret, owner.Protector().Unprotect(ciphertext));
    }

    [Fact]
    public async Task An_unprotected_key_ring_is_re_encrypted_at_start_up_and_keeps_its_secrets()
    {
        var schema = SchemaFor("legacy");
        string ciphertext;
        using (var before = await KeyRingHost.StartAsync(PostgresConnectionString, schema, environment: "Development"))
        {
            ciphertext = before.Protector().Protect(AwsSecret);
        }
        Assert.Contains("<masterKey", await KeyRingHost.DumpAsync(PostgresConnectionString, schema), StringComparison.Ordinal);

        var certificate = TestKeyRing.Write("migrated-keyring");
        using (var after = await KeyRingHost.StartAsync(PostgresConnectionString, schema, settings: KeyRingHost.Certificate(certificate)))
        {
            Assert.Equal(AwsSecret, after.Protector().Unprotect(ciphertext));
        }
        var dump = await KeyRingHost.DumpAsync(PostgresConnectionString, schema);
        Assert.DoesNotContain("<masterKey", dump, StringComparison.Ordinal);
        Assert.Contains("encryptedSecret", dump, StringComparison.Ordinal);
        using var attacker = await KeyRingHost.StartAsync(PostgresConnectionString, schema, environment: "Development");
        Assert.ThrowsAny<CryptographicException>(() => attacker.Protector().Unprotect(ciphertext));
    }

    [Fact]
    public async Task A_rotated_certificate_still_opens_keys_of_the_previous_one()
    {
        var schema = SchemaFor("rotated");
        var old = TestKeyRing.Write("old-keyring");
        string ciphertext;
        using (var before = await KeyRingHost.StartAsync(PostgresConnectionString, schema, settings: KeyRingHost.Certificate(old)))
        {
            ciphertext = before.Protector().Protect(AwsSecret);
        }
        var rotated = KeyRingHost.Certificate(TestKeyRing.Write("new-keyring"));
        rotated[KeyRingProtection.PreviousCertificatesKey] = old;
        using var after = await KeyRingHost.StartAsync(PostgresConnectionString, schema, settings: rotated);
        Assert.Equal(AwsSecret, after.Protector().Unprotect(ciphertext));
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Start_up_refuses_to_run_without_a_key_ring_key_outside_development(string environment)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => KeyRingHost.StartAsync(PostgresConnectionString, SchemaFor("nokey"), environment));
        Assert.Contains(KeyRingProtection.CertificateKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_file_without_its_private_key_is_refused_in_words()
    {
        var pem = await File.ReadAllTextAsync(TestKeyRing.Write("public-only"));
        var publicOnly = Path.GetTempFileName();
        await File.WriteAllTextAsync(publicOnly, pem[..(pem.IndexOf("-----END CERTIFICATE-----", StringComparison.Ordinal) + 25)]);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            KeyRingHost.StartAsync(PostgresConnectionString, SchemaFor("pubonly"), settings: KeyRingHost.Certificate(publicOnly)));
        Assert.Contains("private key", error.Message, StringComparison.Ordinal);
    }
}
