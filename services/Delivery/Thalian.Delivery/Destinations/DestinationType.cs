using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Thalian.Delivery.Destinations;

/// <summary>
/// The base of every destination type: settings are a <typeparamref name="TSettings"/> record read from the API's
/// <c>settings</c> object (unknown fields are errors), checked by <see cref="Check"/>, and handed to each send.
/// </summary>
public abstract class DestinationType<TSettings> : IDestinationType where TSettings : class
{
    public static readonly JsonSerializerOptions SettingsJson = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(), // set up front: the schema export needs it before the first (de)serialisation
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public abstract string Name { get; }
    public virtual IReadOnlyList<SecretSpec> Secrets => [];
    public virtual int MaxBatchSize => 100;
    public JsonNode SettingsSchema { get; } = SettingsJson.GetJsonSchemaAsNode(typeof(TSettings));

    /// <summary>Checks the parsed settings and the secrets given in this request (write errors under <c>settings.*</c> and <c>secrets.*</c>).</summary>
    protected abstract void Check(TSettings settings, IReadOnlyDictionary<string, string> givenSecrets, IReadOnlySet<string> secretsAfter, FieldErrors errors);

    protected abstract Task<SendOutcome> SendAsync(TSettings settings, DestinationTarget target, IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken);

    public IDictionary<string, string[]> Validate(JsonElement settings, IReadOnlyDictionary<string, string> givenSecrets, IReadOnlySet<string> secretsAfter)
    {
        var errors = new FieldErrors();
        foreach (var name in givenSecrets.Keys.Where(n => Secrets.All(s => s.Name != n)))
        {
            errors.Add($"secrets.{name}", $"A {Name} destination has no secret '{name}'; it takes: {string.Join(", ", Secrets.Select(s => s.Name))}.");
        }
        foreach (var spec in Secrets.Where(s => s.Required && !secretsAfter.Contains(s.Name)))
        {
            errors.Add($"secrets.{spec.Name}", $"Required: {spec.Description}");
        }
        if (Parse(settings, errors) is { } parsed)
        {
            Check(parsed, givenSecrets, secretsAfter, errors);
        }
        return errors.ToDictionary();
    }

    public Task<SendOutcome> SendAsync(DestinationTarget target, IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken) =>
        SendAsync(target.Settings.Deserialize<TSettings>(SettingsJson)!, target, events, cancellationToken);

    private static TSettings? Parse(JsonElement settings, FieldErrors errors)
    {
        if (settings.ValueKind != JsonValueKind.Object)
        {
            errors.Add("settings", "Must be a JSON object.");
            return null;
        }
        try
        {
            return settings.Deserialize<TSettings>(SettingsJson) ?? throw new JsonException("Must be a JSON object.");
        }
        catch (JsonException e)
        {
            var path = e.Path is { Length: > 1 } p ? "settings" + p[1..] : "settings";
            errors.Add(path, FirstSentence(e.Message));
            return null;
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". Path:", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }
}
