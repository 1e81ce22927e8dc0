using Thalian.AwsCollector.AwsApi;
using Thalian.ServiceDefaults.Secrets;

namespace Thalian.AwsCollector.ConnectingAccounts;

/// <summary>The only place a stored secret is decrypted, right before it is used to sign.</summary>
public sealed class ConnectionSecrets(ISecretProtector protector)
{
    public ConnectionCredentials CredentialsOf(AwsConnection connection) => new(
        connection.AccessKeyId,
        connection.ProtectedSecret is null ? null : protector.Unprotect(connection.ProtectedSecret),
        connection.UsesAmbientCredentials,
        connection.Region,
        connection.RoleArn,
        connection.ExternalId,
        connection.Sandbox);

    public ConnectionCredentials CredentialsOf(Organizations.AwsOrganizationConnection organization) => new(
        organization.AccessKeyId,
        organization.ProtectedSecret is null ? null : protector.Unprotect(organization.ProtectedSecret),
        organization.UsesAmbientCredentials,
        organization.Region,
        organization.RoleArn,
        organization.ExternalId,
        organization.Sandbox);

    public string Protect(string secret) => protector.Protect(secret);
}
