using System.Security.Cryptography;
using System.Text;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Thalian.Contracts.Idp;
using Thalian.IdpCollector.Realtime;

namespace Thalian.IdpCollector.ReadingDirectories.Entra;

/// <summary>
/// Entra's real-time side (realtime-wire.md): one user re-read, a Graph subscription on <c>users</c> (validated by Graph
/// calling the hook, renewed before it expires) and <c>users/delta</c> as the catch-up feed.
/// </summary>
public sealed partial class EntraClient
{
    /// <summary>Graph allows user subscriptions up to 41,760 minutes; a little less leaves room for clock skew.</summary>
    private static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromMinutes(41_760) - TimeSpan.FromHours(1);

    public async Task<IdpAccountObservation?> ReadAccountAsync(string externalId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(externalId, out _))
        {
            throw new DirectoryException(DirectoryFailure.Protocol, $"'{externalId}' is not an Entra object id.");
        }
        var what = $"Graph user {externalId}";
        var user = await CallAsync(what, async () =>
        {
            try
            {
                return await graph.Users[externalId].GetAsync(rc => rc.QueryParameters.Select = Fields, cancellationToken);
            }
            catch (ODataError error) when (error.ResponseStatusCode == 404)
            {
                return null; // gone or soft-deleted: a complete sync decides what that means
            }
        });
        return user is null ? null
            : EntraNormaliser.Normalise(user, deleted: false) ?? throw new DirectoryException(DirectoryFailure.Protocol, $"{what} came back without an id.");
    }

    public async Task<HookRegistration> RegisterHookAsync(Uri url, string secret, CancellationToken cancellationToken)
    {
        // Graph validates both addresses by calling them while this request waits; the hook endpoint answers.
        var created = await CallAsync("creating the Graph subscription (Graph could not validate the hook address, or the app lacks User.Read.All)",
            () => graph.Subscriptions.PostAsync(new Subscription
            {
                ChangeType = "updated,deleted", Resource = "users", NotificationUrl = url.ToString(), LifecycleNotificationUrl = url.ToString(),
                ExpirationDateTime = DateTimeOffset.UtcNow + SubscriptionLifetime, ClientState = secret,
            }, cancellationToken: cancellationToken));
        return created?.Id is { Length: > 0 } id
            ? new HookRegistration(id, created.ExpirationDateTime)
            : throw new DirectoryException(DirectoryFailure.Protocol, "Graph created the subscription but answered without an id.");
    }

    public async Task<DateTimeOffset?> RenewHookAsync(string hookId, CancellationToken cancellationToken)
    {
        var renewed = await CallAsync($"renewing Graph subscription {hookId}", () => graph.Subscriptions[hookId].PatchAsync(
            new Subscription { ExpirationDateTime = DateTimeOffset.UtcNow + SubscriptionLifetime }, cancellationToken: cancellationToken));
        return renewed?.ExpirationDateTime
            ?? throw new DirectoryException(DirectoryFailure.Protocol, $"Graph renewed subscription {hookId} but answered without its expiry.");
    }

    public Task RemoveHookAsync(string hookId, CancellationToken cancellationToken) =>
        CallAsync($"deleting Graph subscription {hookId}", async () =>
        {
            try
            {
                await graph.Subscriptions[hookId].DeleteAsync(cancellationToken: cancellationToken);
            }
            catch (ODataError error) when (error.ResponseStatusCode == 404)
            {
                // already gone
            }
            return true;
        });

    /// <summary>
    /// <c>users/delta</c>: the first read starts at "now" (<c>$deltatoken=latest</c>, the syncs cover what came before); each
    /// read follows the returned links to a new delta link, which is the position. Only returned links are followed.
    /// </summary>
    public async Task<ChangePage> ReadChangesAsync(string? position, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var origin = new Uri(graph.RequestAdapter.BaseUrl!.TrimEnd('/') + "/");
        var next = position ?? new Uri(origin, $"users/delta?$select={string.Join(',', Fields)}&$deltatoken=latest").ToString();
        var hints = new List<HookHint>();
        for (var page = 1; page <= 100; page++)
        {
            if (!Uri.TryCreate(next, UriKind.Absolute, out var link) || link.Host != origin.Host || link.Scheme != origin.Scheme)
            {
                throw new DirectoryException(DirectoryFailure.Protocol, "A users/delta link points at another host; refusing to send credentials there.");
            }
            var current = next;
            var response = await CallAsync($"Graph users/delta page {page}",
                () => graph.Users.Delta.WithUrl(current).GetAsDeltaGetResponseAsync(cancellationToken: cancellationToken));
            var read = Hash(current);
            hints.AddRange((response?.Value ?? []).Where(u => u.Id is not null).Select(u => new HookHint($"delta/{read}/{u.Id}", u.Id!,
                u.AdditionalData.ContainsKey("@removed") ? "graph.delta.removed" : "graph.delta.changed", Published: null)));
            if (response?.OdataDeltaLink is { } delta)
            {
                return new ChangePage(hints, delta);
            }
            next = response?.OdataNextLink
                ?? throw new DirectoryException(DirectoryFailure.Protocol, $"Graph users/delta page {page} had neither a next link nor a delta link.");
        }
        return new ChangePage(hints, next); // a very long delta: the next poll goes on from here
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
