using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Thalian.ServiceDefaults.Secrets;

/// <summary>
/// Encrypts connection secrets before they are stored. The key ring lives in the service's database, itself encrypted
/// with a certificate or KMS key that does not (<see cref="KeyRingProtection"/>).
/// </summary>
public interface ISecretProtector
{
    string Protect(string plaintext);
    string Unprotect(string ciphertext);
}

public static class SecretProtection
{
    public static IHostApplicationBuilder AddSecretProtection(this IHostApplicationBuilder builder, string applicationName, string schema)
    {
        var connectionString = builder.Configuration.GetPostgresConnectionString();
        var dbSchema = builder.Configuration["Thalian:Schema"] ?? schema;
        KeyRingProtection.Configure(builder.Services.AddDataProtection().SetApplicationName(applicationName), builder.Configuration, builder.Environment);
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(_ =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new PostgresXmlRepository(connectionString, dbSchema)));
        builder.Services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        builder.Services.AddHostedService<KeyRingMigration>();
        return builder;
    }

    private sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
    {
        private readonly IDataProtector protector = provider.CreateProtector("Thalian.ConnectionSecrets.v1");
        public string Protect(string plaintext) => protector.Protect(plaintext);
        public string Unprotect(string ciphertext) => protector.Unprotect(ciphertext);
    }
}
