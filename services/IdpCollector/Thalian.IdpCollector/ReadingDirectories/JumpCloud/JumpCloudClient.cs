using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Thalian.Contracts.Idp;

namespace Thalian.IdpCollector.ReadingDirectories.JumpCloud;

/// <summary>
/// JumpCloud <c>/api/systemusers</c>: 100 per page by <c>skip</c>, sorted by <c>_id</c> so concurrent writes cannot
/// shift records between pages, and the count seen cross-checked with <c>totalCount</c>. Deletes are hard (no hidden pass).
/// </summary>
public sealed class JumpCloudClient(string baseUrl, string apiKey, string? orgId, VendorRequests requests) : IDirectoryClient
{
    private const int Limit = 100;

    public async Task VerifyAsync(CancellationToken cancellationToken)
    {
        using var response = await GetAsync(0, 1, cancellationToken);
        await EnsureSuccessAsync(response, "the first page of system users");
    }

    public async IAsyncEnumerable<IdpAccountObservation> ListAccountsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = 0;
        int? total = null;
        for (var page = 1; ; page++)
        {
            using var response = await GetAsync(seen, Limit, cancellationToken);
            var what = $"JumpCloud page {page} of system users";
            await EnsureSuccessAsync(response, what);
            using var json = JsonFields.ParsePage(await response.Content.ReadAsStringAsync(cancellationToken), what);
            if (json.RootElement.Get("results") is not { ValueKind: JsonValueKind.Array } results)
            {
                throw new DirectoryException(DirectoryFailure.Protocol, $"{what} had no results array.");
            }
            total = json.RootElement.Number("totalCount") ?? total;
            var count = 0;
            foreach (var user in results.EnumerateArray())
            {
                count++;
                if (JumpCloudNormaliser.Normalise(user) is { } account)
                {
                    yield return account;
                }
            }
            seen += count;
            // A server may cap pages below the limit; totalCount, when given, decides whether more remain.
            if (count == 0 || (total is { } t ? seen >= t : count < Limit))
            {
                break;
            }
        }
        if (total is { } expected && seen < expected)
        {
            throw new DirectoryException(DirectoryFailure.Protocol,
                $"JumpCloud reported {expected} system users but paging returned {seen}; the listing is treated as incomplete.");
        }
    }

    public void Dispose()
    {
    }

    private Task<HttpResponseMessage> GetAsync(int skip, int limit, CancellationToken cancellationToken) =>
        requests.SendAsync(_ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"{baseUrl}/api/systemusers?limit={limit}&skip={skip}&sort=_id");
            request.Headers.Add("x-api-key", apiKey);
            request.Headers.Accept.ParseAdd("application/json");
            if (orgId is not null)
            {
                request.Headers.Add("x-org-id", orgId);
            }
            return Task.FromResult(request);
        }, cancellationToken);

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var excerpt = await VendorRequests.ExcerptAsync(response);
        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new DirectoryException(DirectoryFailure.Credentials,
                $"JumpCloud rejected the API key (401) reading {what}: {excerpt}. Check the key; a multi-tenant (MSP) admin must also give the organization id (orgId)."),
            HttpStatusCode.Forbidden => new DirectoryException(DirectoryFailure.Permission,
                $"JumpCloud denied access (403) to {what}: {excerpt}. The key's administrator needs read access to users; drop orgId for a single-tenant admin."),
            HttpStatusCode.BadRequest or HttpStatusCode.NotFound when excerpt.Contains("org", StringComparison.OrdinalIgnoreCase) =>
                new DirectoryException(DirectoryFailure.Credentials, $"JumpCloud did not accept the organization id ({(int)response.StatusCode}): {excerpt}."),
            HttpStatusCode.TooManyRequests => new DirectoryException(DirectoryFailure.Throttled,
                $"JumpCloud kept throttling (429) {what} after repeated waits; the next scheduled sync will try again."),
            _ => new DirectoryException(DirectoryFailure.Protocol, $"JumpCloud answered {(int)response.StatusCode} for {what}: {excerpt}"),
        };
    }
}
