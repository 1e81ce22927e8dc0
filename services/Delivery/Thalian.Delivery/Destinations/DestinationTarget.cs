using System.Text.Json;

namespace Thalian.Delivery.Destinations;

/// <summary>
/// A destination as a send sees it: its settings and its decrypted secrets (decrypted right before the send, never
/// logged). <see cref="PreviousSecret"/> is the secret it replaced while the rotation overlap lasts.
/// </summary>
public sealed class DestinationTarget(Guid id, string tenantId, string displayName, JsonElement settings,
    IReadOnlyDictionary<string, string> secrets, IReadOnlyDictionary<string, string> previousSecrets)
{
    public Guid Id { get; } = id;
    public string TenantId { get; } = tenantId;
    public string DisplayName { get; } = displayName;
    public JsonElement Settings { get; } = settings;

    public string? Secret(string name) => secrets.GetValueOrDefault(name);

    public string? PreviousSecret(string name) => previousSecrets.GetValueOrDefault(name);
}
