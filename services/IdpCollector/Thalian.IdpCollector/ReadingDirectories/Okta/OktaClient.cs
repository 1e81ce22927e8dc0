using System.Net;
using System.Runtime.CompilerServices;
using Thalian.Contracts.Idp;

namespace Thalian.IdpCollector.ReadingDirectories.Okta;

/// <summary>
/// Okta users: the plain list (everything except DEPROVISIONED), then the filtered pass for DEPROVISIONED,
/// each following <c>Link rel="next"</c> verbatim at 200 per page.
/// </summary>
public sealed partial class OktaClient(string orgUrl, IOktaAuthorizer authorizer, VendorRequests requests, TimeSpan maxThrottleWait) : IRealtimeDirectory
{
    private static readonly string DeprovisionedFilter = Uri.EscapeDataString("status eq \"DEPROVISIONED\"");

    public async Task VerifyAsync(CancellationToken cancellationToken)
    {
        using var response = await GetAsync(new Uri($"{orgUrl}/api/v1/users?limit=1"), cancellationToken);
        await EnsureSuccessAsync(response, "the first page of users");
    }

    public async IAsyncEnumerable<IdpAccountObservation> ListAccountsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var passes = new[] { ("main", $"{orgUrl}/api/v1/users?limit=200"), ("deprovisioned", $"{orgUrl}/api/v1/users?limit=200&filter={DeprovisionedFilter}") };
        foreach (var (pass, first) in passes)
        {
            Uri? next = new(first);
            for (var page = 1; next is not null; page++)
            {
                using var response = await GetAsync(next, cancellationToken);
                var what = $"Okta page {page} of the {pass} user list";
                await EnsureSuccessAsync(response, what);
                using var json = JsonFields.ParsePage(await response.Content.ReadAsStringAsync(cancellationToken), what);
                if (json.RootElement.ValueKind != System.Text.Json.JsonValueKind.Array)
                {
                    throw new DirectoryException(DirectoryFailure.Protocol, $"{what} was not a JSON array of users.");
                }
                foreach (var user in json.RootElement.EnumerateArray())
                {
                    if (OktaNormaliser.Normalise(user, pass) is { } account)
                    {
                        yield return account;
                    }
                }
                await OktaThrottle.PaceAsync(response, maxThrottleWait, cancellationToken);
                next = LinkHeader.Next(response);
                // The token goes with every request, so a next link may only lead back to the same org.
                if (next is not null && !SameOrigin(next))
                {
                    throw new DirectoryException(DirectoryFailure.Protocol, $"{what} linked the next page to another host ({next.Host}); refusing to send credentials there.");
                }
            }
        }
    }

    public void Dispose() => (authorizer as IDisposable)?.Dispose();

    private bool SameOrigin(Uri next) => Uri.Compare(next, new Uri(orgUrl), UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private Task<HttpResponseMessage> GetAsync(Uri url, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, url, null, cancellationToken);

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, System.Text.Json.Nodes.JsonNode? body, CancellationToken cancellationToken) =>
        requests.SendAsync(async token =>
        {
            var request = new HttpRequestMessage(method, url);
            request.Headers.Accept.ParseAdd("application/json");
            if (body is not null)
            {
                request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
            }
            await authorizer.AuthorizeAsync(request, token);
            return request;
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
                $"Okta rejected the credentials (401) reading {what}: {excerpt}. The API token may be revoked or expired (unused tokens expire after 30 days)."),
            HttpStatusCode.Forbidden => new DirectoryException(DirectoryFailure.Permission,
                $"Okta denied access (403) to {what}: {excerpt}. The token's admin (or the service app) needs a role that can read users, e.g. Read-Only Administrator."),
            HttpStatusCode.TooManyRequests => new DirectoryException(DirectoryFailure.Throttled,
                $"Okta kept throttling (429) {what} after repeated waits; the next scheduled sync will try again."),
            _ => new DirectoryException(DirectoryFailure.Protocol, $"Okta answered {(int)response.StatusCode} for {what}: {excerpt}"),
        };
    }
}
