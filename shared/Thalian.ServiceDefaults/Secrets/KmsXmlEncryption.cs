using System.Xml.Linq;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;

namespace Thalian.ServiceDefaults.Secrets;

/// <summary>
/// Encrypts a Data Protection key element with AWS KMS. A key element is about a kilobyte, well inside KMS's 4 KiB
/// plaintext limit, so it is encrypted directly; the KMS key id travels inside the ciphertext blob.
/// </summary>
public sealed class KmsXmlEncryptor(IAmazonKeyManagementService kms, string keyId) : IXmlEncryptor
{
    internal static readonly Dictionary<string, string> Context = new() { ["purpose"] = "thalian-data-protection-key-ring" };

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        using var plaintext = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting)));
        // Data Protection's encryptor interface is synchronous; key-ring writes are rare (key creation, migration).
        var response = kms.EncryptAsync(new EncryptRequest { KeyId = keyId, Plaintext = plaintext, EncryptionContext = Context })
            .GetAwaiter().GetResult();
        var element = new XElement("kmsEncrypted", new XAttribute("keyId", response.KeyId), Convert.ToBase64String(response.CiphertextBlob.ToArray()));
        return new EncryptedXmlInfo(element, typeof(KmsXmlDecryptor));
    }
}

/// <summary>Created by Data Protection for each encrypted key it reads; the KMS client comes from the container.</summary>
public sealed class KmsXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var kms = services.GetRequiredService<IAmazonKeyManagementService>();
        using var blob = new MemoryStream(Convert.FromBase64String(encryptedElement.Value));
        var response = kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob, EncryptionContext = KmsXmlEncryptor.Context })
            .GetAwaiter().GetResult();
        return XElement.Parse(System.Text.Encoding.UTF8.GetString(response.Plaintext.ToArray()));
    }
}
