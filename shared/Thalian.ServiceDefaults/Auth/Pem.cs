using System.Security.Cryptography;

namespace Thalian.ServiceDefaults.Auth;

/// <summary>Reads every block of one label from a PEM file (a rotation file holds the old and the new public key).</summary>
internal static class Pem
{
    public static IEnumerable<byte[]> Blocks(string text, string label)
    {
        var rest = text.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            if (rest.Span[fields.Label].SequenceEqual(label))
            {
                yield return Convert.FromBase64String(rest.Span[fields.Base64Data].ToString());
            }
            rest = rest[fields.Location.End..];
        }
    }
}
