using System.Text.Json;
using Microsoft.Extensions.Options;
using Thalian.Delivery.Destinations;
using Thalian.ServiceDefaults.Secrets;

namespace Thalian.Delivery.ManagingDestinations;

/// <summary>The only place destination secrets are encrypted and decrypted (right before a send).</summary>
public sealed class DestinationSecrets(ISecretProtector protector, IOptions<DeliveryOptions> options)
{
    /// <summary>Stores the given secrets; a replaced one stays valid (encrypted) for the rotation overlap.</summary>
    public void Apply(Destination destination, IReadOnlyDictionary<string, string> given, DateTimeOffset now)
    {
        foreach (var (name, value) in given)
        {
            if (destination.ProtectedSecrets.TryGetValue(name, out var old))
            {
                destination.RetiredSecrets[name] = new RetiredSecret(old, now + options.Value.SecretRotationOverlap);
            }
            destination.ProtectedSecrets[name] = protector.Protect(value);
        }
        foreach (var expired in destination.RetiredSecrets.Where(r => r.Value.ValidUntil <= now).Select(r => r.Key).ToList())
        {
            destination.RetiredSecrets.Remove(expired);
        }
    }

    public DestinationTarget TargetOf(Destination destination, DateTimeOffset now)
    {
        using var settings = JsonDocument.Parse(destination.SettingsJson);
        return new DestinationTarget(destination.Id, destination.TenantId!, destination.DisplayName, settings.RootElement.Clone(),
            destination.ProtectedSecrets.ToDictionary(s => s.Key, s => protector.Unprotect(s.Value)),
            destination.RetiredSecrets.Where(r => r.Value.ValidUntil > now).ToDictionary(r => r.Key, r => protector.Unprotect(r.Value.Protected)));
    }
}
