using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Thalian.Contracts.Idp;

namespace Thalian.IdpCollector.ReadingDirectories.OneLogin;

/// <summary>
/// OneLogin: a v2 client-credentials token from the account's own host (the same token is returned until it expires),
/// then <c>/api/2/users</c> with cursor paging (<c>After-Cursor</c> → <c>cursor</c>). Deletes are hard (no hidden pass).
/// </summary>
public sealed class OneLoginClient(string baseUrl, string clientId, string clientSecret, HttpClient http, TimeProvider time, VendorRequests requests)
    : IDirectoryClient
{
    private const int Limit = 100;
    private readonly SemaphoreSlim gate = new(1, 1);
    private (string Token, DateTimeOffset Expires)? current;

    public async Task VerifyAsync(CancellationToken cancellationToken)
    {
        using var response = await GetAsync($"{baseUrl}/api/2/users?limit=1", cancellationToken);
        await EnsureSuccessAsync(response, "the first page of users");
    }

    public async IAsyncEnumerable<IdpAccountObservation> ListAccountsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        for (var page = 1; page == 1 || cursor is not null; page++)
        {
            var url = $"{baseUrl}/api/2/users?limit={Limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            using var response = await GetAsync(url, cancellationToken);
            var what = $"OneLogin page {page} of users";
            await EnsureSuccessAsync(response, what);
            using var json = JsonFields.ParsePage(await response.Content.ReadAsStringAsync(cancellationToken), what);
            if (json.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new DirectoryException(DirectoryFailure.Protocol, $"{what} was not a JSON array of users.");
            }
            foreach (var user in json.RootElement.EnumerateArray())
            {
                if (OneLoginNormaliser.Normalise(user) is { } account)
                {
                    yield return account;
                }
            }
            cursor = response.Headers.TryGetValues("After-Cursor", out var values) && values.FirstOrDefault() is { Length: > 0 } next ? next : null;
        }
    }

    public void Dispose() => gate.Dispose();

    private Task<HttpResponseMessage> GetAsync(string url, CancellationToken cancellationToken) =>
        requests.SendAsync(async token =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(token));
            return request;
        }, cancellationToken);

    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (current is { } c && c.Expires > time.GetUtcNow().AddMinutes(5))
            {
                return c.Token;
            }
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{baseUrl}/auth/oauth2/v2/token")
            {
                Content = new StringContent("{\"grant_type\":\"client_credentials\"}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{clientSecret}")));
            using var response = await SendTokenRequestAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new DirectoryException(DirectoryFailure.Credentials,
                    $"OneLogin refused the client credentials ({(int)response.StatusCode}) at {baseUrl}/auth/oauth2/v2/token: {Short(body)}. Check the client id and secret of an API credential with \"Read users\"; a credential whose creating admin was deleted fails with 500.");
            }
            using var json = JsonFields.ParsePage(body, "OneLogin's token response");
            var token = json.RootElement.Str("access_token") ?? throw new DirectoryException(DirectoryFailure.Protocol, "OneLogin's token response had no access_token.");
            current = (token, time.GetUtcNow().AddSeconds(json.RootElement.Number("expires_in") ?? 36000));
            return token;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<HttpResponseMessage> SendTokenRequestAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new DirectoryException(DirectoryFailure.Unreachable, $"Could not reach OneLogin at {baseUrl}: {ex.Message}", ex);
        }
    }

    private static string Short(string body) => body.Length > 200 ? body[..200] : body;

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var excerpt = await VendorRequests.ExcerptAsync(response);
        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new DirectoryException(DirectoryFailure.Credentials, $"OneLogin rejected the access token (401) reading {what}: {excerpt}."),
            HttpStatusCode.Forbidden => new DirectoryException(DirectoryFailure.Permission,
                $"OneLogin denied access (403) to {what}: {excerpt}. The API credential needs the \"Read users\" scope (or broader)."),
            HttpStatusCode.TooManyRequests => new DirectoryException(DirectoryFailure.Throttled,
                $"OneLogin kept throttling (429) {what} after repeated waits (5,000 calls per hour are shared by all tokens); the next sync will try again."),
            _ => new DirectoryException(DirectoryFailure.Protocol, $"OneLogin answered {(int)response.StatusCode} for {what}: {excerpt}"),
        };
    }
}
