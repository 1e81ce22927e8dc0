using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Thalian.Contracts.Idp;

namespace Thalian.IdpCollector.ReadingDirectories.Okta;

/// <summary>Okta's real-time side: one user re-read, and the event hook that tells us whom to re-read (realtime-wire.md).</summary>
public sealed partial class OktaClient
{
    /// <summary>The System Log events whose targets are worth a re-read.</summary>
    public static readonly IReadOnlyList<string> HookEvents =
    [
        "user.lifecycle.create", "user.lifecycle.activate", "user.lifecycle.reactivate", "user.lifecycle.deactivate", "user.lifecycle.suspend",
        "user.lifecycle.unsuspend", "user.lifecycle.delete.initiated", "user.account.lock", "user.account.unlock", "user.account.update_profile",
    ];

    public async Task<IdpAccountObservation?> ReadAccountAsync(string externalId, CancellationToken cancellationToken)
    {
        if (!OktaId().IsMatch(externalId))
        {
            throw new DirectoryException(DirectoryFailure.Protocol, $"'{externalId}' is not an Okta user id.");
        }
        using var response = await GetAsync(new Uri($"{orgUrl}/api/v1/users/{externalId}"), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        var what = $"Okta user {externalId}";
        await EnsureSuccessAsync(response, what);
        using var json = JsonFields.ParsePage(await response.Content.ReadAsStringAsync(cancellationToken), what);
        var pass = json.RootElement.Str("status") == "DEPROVISIONED" ? "deprovisioned" : "main";
        return OktaNormaliser.Normalise(json.RootElement, pass)
            ?? throw new DirectoryException(DirectoryFailure.Protocol, $"{what} came back without an id.");
    }

    public async Task<string> RegisterHookAsync(Uri url, string secret, CancellationToken cancellationToken)
    {
        var hook = new JsonObject
        {
            ["name"] = "Thalian identity changes",
            ["events"] = new JsonObject { ["type"] = "EVENT_TYPE", ["items"] = new JsonArray([.. HookEvents.Select(e => JsonValue.Create(e))]) },
            ["channel"] = new JsonObject
            {
                ["type"] = "HTTP", ["version"] = "1.0.0",
                ["config"] = new JsonObject
                {
                    ["uri"] = url.ToString(), ["headers"] = new JsonArray(),
                    ["authScheme"] = new JsonObject { ["type"] = "HEADER", ["key"] = "Authorization", ["value"] = secret },
                },
            },
        };
        using var created = await SendAsync(HttpMethod.Post, new Uri($"{orgUrl}/api/v1/eventHooks"), hook, cancellationToken);
        await EnsureSuccessAsync(created, "creating the event hook (the token needs the okta.eventHooks.manage permission)");
        using var json = JsonFields.ParsePage(await created.Content.ReadAsStringAsync(cancellationToken), "the created event hook");
        var id = json.RootElement.Str("id") is { } value && OktaId().IsMatch(value)
            ? value
            : throw new DirectoryException(DirectoryFailure.Protocol, "Okta created the event hook but answered without a usable id.");
        // Okta calls the hook back with a challenge while this request waits; the hook endpoint answers it.
        using var verified = await SendAsync(HttpMethod.Post, new Uri($"{orgUrl}/api/v1/eventHooks/{id}/lifecycle/verify"), null, cancellationToken);
        if (!verified.IsSuccessStatusCode)
        {
            await RemoveHookAsync(id, cancellationToken);
        }
        await EnsureSuccessAsync(verified, $"verifying event hook {id} (Okta could not reach {url} or the answer was wrong)");
        return id;
    }

    public async Task RemoveHookAsync(string hookId, CancellationToken cancellationToken)
    {
        using var deactivated = await SendAsync(HttpMethod.Post, new Uri($"{orgUrl}/api/v1/eventHooks/{hookId}/lifecycle/deactivate"), null, cancellationToken);
        if (deactivated.StatusCode == HttpStatusCode.NotFound)
        {
            return;
        }
        await EnsureSuccessAsync(deactivated, $"deactivating event hook {hookId}");
        using var deleted = await SendAsync(HttpMethod.Delete, new Uri($"{orgUrl}/api/v1/eventHooks/{hookId}"), null, cancellationToken);
        if (deleted.StatusCode != HttpStatusCode.NotFound)
        {
            await EnsureSuccessAsync(deleted, $"deleting event hook {hookId}");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9]{1,64}$")]
    private static partial Regex OktaId();
}
