using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Thalian.ServiceDefaults.Secrets;

/// <summary>
/// Re-encrypts key-ring entries written before the ring was protected (plain master keys in the database), so turning
/// protection on loses no stored secret and leaves no readable key behind. Runs once at start-up; idempotent.
/// </summary>
internal sealed partial class KeyRingMigration(IOptions<KeyManagementOptions> options, ILogger<KeyRingMigration> logger) : IHostedService
{
    private static readonly XName RequiresEncryption = XName.Get("requiresEncryption", "http://schemas.asp.net/2015/03/dataProtection");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.XmlEncryptor is not { } encryptor || options.Value.XmlRepository is not PostgresXmlRepository repository)
        {
            return Task.CompletedTask;
        }
        var migrated = 0;
        foreach (var (name, element) in repository.GetNamedElements())
        {
            var plain = element.Descendants().Where(e => (bool?)e.Attribute(RequiresEncryption) == true).ToList();
            if (plain.Count == 0)
            {
                continue;
            }
            foreach (var secret in plain)
            {
                var encrypted = encryptor.Encrypt(secret);
                // The shape Data Protection itself writes, so it decrypts these like any key it encrypted.
                secret.ReplaceWith(new XElement("encryptedSecret",
                    new XAttribute("decryptorType", encrypted.DecryptorType.AssemblyQualifiedName!), encrypted.EncryptedElement));
            }
            repository.ReplaceElement(name, element);
            migrated++;
        }
        if (migrated > 0)
        {
            LogMigrated(logger, migrated);
        }
        return Task.CompletedTask;
    }

    [LoggerMessage(LogLevel.Information, "Encrypted {Count} key-ring entries that were stored without protection")]
    private static partial void LogMigrated(ILogger logger, int count);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
