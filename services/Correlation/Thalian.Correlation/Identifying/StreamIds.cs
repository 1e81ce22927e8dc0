using System.Security.Cryptography;
using System.Text;

namespace Thalian.Correlation.Identifying;

/// <summary>
/// Name-based (RFC 4122 version 5) stream ids from natural keys, so a redelivered observation always lands on
/// the same stream and two tenants with identical data never share one.
/// </summary>
public static class StreamIds
{
    private static readonly Guid Namespace = new("6f1c2b1e-9a55-4c1e-9d7a-3b0e6a1d2c44");

    public static Guid IamUser(string tenant, string accountId, string userId) => Of($"{tenant}/aws/{accountId}/user/{userId}");

    public static Guid IamRole(string tenant, string accountId, string roleId) => Of($"{tenant}/aws/{accountId}/role/{roleId}");

    public static Guid AwsAccount(string tenant, string accountId) => Of($"{tenant}/aws/{accountId}");

    public static Guid IdpAccount(string tenant, Guid connectionId, string externalId) => Of($"{tenant}/idp/{connectionId:D}/account/{externalId}");

    public static Guid SyncRunSettlement(string tenant, Guid syncRunId) => Of($"{tenant}/sync-run/{syncRunId:D}");

    public static Guid Of(string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var namespaceBytes = Namespace.ToByteArray(bigEndian: true);
        var input = new byte[namespaceBytes.Length + nameBytes.Length];
        namespaceBytes.CopyTo(input, 0);
        nameBytes.CopyTo(input, namespaceBytes.Length);
#pragma warning disable CA5350 // RFC 4122 version 5 is defined on SHA-1; this is an identifier, not a security hash.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
