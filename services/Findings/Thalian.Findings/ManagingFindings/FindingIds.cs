using System.Security.Cryptography;
using System.Text;

namespace Thalian.Findings.ManagingFindings;

/// <summary>Finding ids are name-based UUIDs (RFC 9562 version 5) of tenant + rule + resource, so re-evaluation lands on the same stream.</summary>
public static class FindingIds
{
    private static readonly Guid Namespace = new("3f1d7c52-6a0e-4e8b-9b8e-5d2f1a7c9e41");

    public static Guid For(string tenantId, string ruleId, string resourceId) => NameBased($"{tenantId}/{ruleId}/{resourceId}");

    public static Guid NameBased(string name)
    {
        var ns = Namespace.ToByteArray(bigEndian: true);
        var bytes = Encoding.UTF8.GetBytes(name);
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 prescribes for version 5; it is an identifier, not a signature.
        var hash = SHA1.HashData([.. ns, .. bytes]);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
