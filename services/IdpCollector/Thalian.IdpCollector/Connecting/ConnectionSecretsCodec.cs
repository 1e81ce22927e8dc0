using System.Text.Json;
using Thalian.ServiceDefaults.Secrets;

namespace Thalian.IdpCollector.Connecting;

/// <summary>Secrets in and out of their encrypted form; plaintext lives only in memory for the duration of a call.</summary>
public sealed class ConnectionSecretsCodec(ISecretProtector protector)
{
    public string Protect(ConnectionSecrets secrets) => protector.Protect(JsonSerializer.Serialize(secrets));

    public ConnectionSecrets Unprotect(string protectedSecrets) =>
        JsonSerializer.Deserialize<ConnectionSecrets>(protector.Unprotect(protectedSecrets)) ?? new ConnectionSecrets();
}
