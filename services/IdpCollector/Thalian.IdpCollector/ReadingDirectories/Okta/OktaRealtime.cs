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

    public async Task<HookRegistration> RegisterHookAsync(Uri url, string secret, CancellationToken cancellationToken)
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
        return new HookRegistration(id, ExpiresAt: null);
    }

    /// <summary>Okta event hooks do not expire.</summary>
    public Task<DateTimeOffset?> RenewHookAsync(string hookId, CancellationToken cancellationToken) => Task.FromResult<DateTimeOffset?>(null);

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

    /// <summary>
    /// System Log as a polling request (no <c>until</c>): every page has a next link, which is the position; an empty page
    /// ends this read. Only the returned links are followed, never one built here.
    /// </summary>
    public async Task<ChangePage> ReadChangesAsync(string? position, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var filter = Uri.EscapeDataString("eventType sw \"user.\"");
        var next = position is null
            ? new Uri($"{orgUrl}/api/v1/logs?since={Uri.EscapeDataString(since.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture))}&sortOrder=ASCENDING&limit=1000&filter={filter}")
            : new Uri(position);
        if (!SameOrigin(next))
        {
            throw new DirectoryException(DirectoryFailure.Protocol, "The saved System Log position points at another host; refusing to send credentials there.");
        }
        var hints = new List<Realtime.HookHint>();
        for (var page = 1; page <= 100; page++)
        {
            using var response = await GetAsync(next, cancellationToken);
            var what = $"Okta System Log page {page}";
            await EnsureSuccessAsync(response, $"{what} (the token needs okta.logs.read)");
            using var json = JsonFields.ParsePage(await response.Content.ReadAsStringAsync(cancellationToken), what);
            if (json.RootElement.ValueKind != System.Text.Json.JsonValueKind.Array)
            {
                throw new DirectoryException(DirectoryFailure.Protocol, $"{what} was not a JSON array of events.");
            }
            hints.AddRange(OktaHookReceiver.Hints(json.RootElement));
            var link = LinkHeader.Next(response)
                ?? throw new DirectoryException(DirectoryFailure.Protocol, $"{what} had no next link; a polling request always has one.");
            if (!SameOrigin(link))
            {
                throw new DirectoryException(DirectoryFailure.Protocol, $"{what} linked to another host ({link.Host}); refusing to send credentials there.");
            }
            next = link;
            if (json.RootElement.GetArrayLength() == 0)
            {
                break;
            }
            await OktaThrottle.PaceAsync(response, maxThrottleWait, cancellationToken);
        }
        return new ChangePage(hints, next.ToString());
    }

    [GeneratedRegex("^[A-Za-z0-9]{1,64}$")]
    private static partial Regex OktaId();
}
