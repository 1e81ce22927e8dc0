using System.Text.Json;
using Thalian.Delivery.Destinations;

namespace Thalian.Delivery.ManagingDestinations;

/// <summary>Checks a create or replace request against the destination type; every problem is a field error.</summary>
public static class DestinationValidation
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    public static Dictionary<string, string[]> Check(DestinationRequest request, IDestinationType? type, Destination? existing, DestinationCatalog catalog)
    {
        var errors = new FieldErrors();
        if (existing is null && type is null)
        {
            errors.Add("type", request.Type is null ? $"Required: one of {string.Join(", ", catalog.Names)}." : $"'{request.Type}' is not a destination type; use one of {string.Join(", ", catalog.Names)}.");
        }
        if (existing is not null && request.Type is { } t && t != existing.Type)
        {
            errors.Add("type", "The type of a destination cannot change; create a new destination instead.");
        }
        if (string.IsNullOrWhiteSpace(request.DisplayName))
        {
            errors.Add("displayName", "Required: a name people recognise, e.g. \"Splunk production\".");
        }
        else if (request.DisplayName.Length > 200)
        {
            errors.Add("displayName", "At most 200 characters.");
        }
        var given = request.Secrets ?? [];
        foreach (var (name, _) in given.Where(s => string.IsNullOrEmpty(s.Value)))
        {
            errors.Add($"secrets.{name}", "Must not be empty; leave a secret out to keep its current value.");
        }
        (request.Filter ?? new DestinationFilter()).Check(errors);
        var all = errors.ToDictionary();
        if (type is not null)
        {
            var after = given.Keys.Concat(existing?.ProtectedSecrets.Keys.AsEnumerable() ?? []).ToHashSet();
            foreach (var (field, messages) in type.Validate(request.Settings ?? EmptyObject, given, after))
            {
                all[field] = all.TryGetValue(field, out var earlier) ? [.. earlier, .. messages] : messages;
            }
        }
        return all;
    }
}
