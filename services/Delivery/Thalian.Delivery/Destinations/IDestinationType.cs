using System.Text.Json;
using System.Text.Json.Nodes;

namespace Thalian.Delivery.Destinations;

/// <summary>
/// One kind of destination (webhook, Splunk HEC, ...). A type lives in its own folder under Destinations/ and is
/// registered with one line in <see cref="DestinationTypes"/>. Implement it through <see cref="DestinationType{TSettings}"/>.
/// </summary>
public interface IDestinationType
{
    /// <summary>The API's <c>type</c> value, e.g. "webhook".</summary>
    string Name { get; }

    /// <summary>The secrets this type accepts (write-only; stored encrypted).</summary>
    IReadOnlyList<SecretSpec> Secrets { get; }

    /// <summary>The JSON schema of the type's <c>settings</c> object (the console builds its form from it).</summary>
    JsonNode SettingsSchema { get; }

    /// <summary>Most events handed to one <see cref="SendAsync"/>.</summary>
    int MaxBatchSize { get; }

    /// <summary>
    /// Field errors of the settings (keys like <c>settings.url</c>) and of the secrets that were given (keys like
    /// <c>secrets.token</c>); <paramref name="secretsAfter"/> names every secret the destination will have.
    /// </summary>
    IDictionary<string, string[]> Validate(JsonElement settings, IReadOnlyDictionary<string, string> givenSecrets, IReadOnlySet<string> secretsAfter);

    Task<SendOutcome> SendAsync(DestinationTarget target, IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken);
}

/// <param name="Required">A destination of this type cannot be created without it.</param>
public sealed record SecretSpec(string Name, bool Required, string Description);
