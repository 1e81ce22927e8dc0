using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using Thalian.Contracts.Idp;

namespace Thalian.IdpCollector.ReadingDirectories.Google;

/// <summary>
/// Admin SDK Directory users: the live list, then <c>showDeleted=true</c> for the deleted population, 500 per page,
/// <c>nextPageToken</c> → <c>pageToken</c>.
/// </summary>
public sealed class GoogleClient(string directoryBaseUrl, string customer, string adminEmail, GoogleCredential credential, VendorRequests requests)
    : IDirectoryClient
{
    private const string Fields = "nextPageToken,users(id,primaryEmail,name/fullName,aliases,nonEditableAliases,emails,suspended,suspensionReason,archived,deletionTime,isGuestUser)";

    public async Task VerifyAsync(CancellationToken cancellationToken)
    {
        using var response = await GetAsync(Url(false, null, 1), cancellationToken);
        await EnsureSuccessAsync(response, "the first page of users");
    }

    public async IAsyncEnumerable<IdpAccountObservation> ListAccountsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var deleted in new[] { false, true })
        {
            string? token = null;
            for (var page = 1; page == 1 || token is not null; page++)
            {
                using var response = await GetAsync(Url(deleted, token, 500), cancellationToken);
                var what = $"Google page {page} of {(deleted ? "deleted users" : "users")}";
                await EnsureSuccessAsync(response, what);
                using var json = JsonFields.ParsePage(await response.Content.ReadAsStringAsync(cancellationToken), what);
                if (json.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new DirectoryException(DirectoryFailure.Protocol, $"{what} was not a users response object.");
                }
                if (json.RootElement.Get("users") is { ValueKind: JsonValueKind.Array } users)
                {
                    foreach (var user in users.EnumerateArray())
                    {
                        if (GoogleNormaliser.Normalise(user, deleted) is { } account)
                        {
                            yield return account;
                        }
                    }
                }
                token = json.RootElement.Str("nextPageToken") is { Length: > 0 } next ? next : null;
            }
        }
    }

    public void Dispose()
    {
    }

    private string Url(bool deleted, string? pageToken, int maxResults) =>
        $"{directoryBaseUrl}/admin/directory/v1/users?customer={Uri.EscapeDataString(customer)}&maxResults={maxResults}&projection=basic&viewType=admin_view"
        + $"&fields={Uri.EscapeDataString(Fields)}" + (deleted ? "&showDeleted=true" : "")
        + (pageToken is null ? "" : $"&pageToken={Uri.EscapeDataString(pageToken)}");

    private Task<HttpResponseMessage> GetAsync(string url, CancellationToken cancellationToken) =>
        requests.SendAsync(async token =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await AccessTokenAsync(token));
            return request;
        }, cancellationToken);

    private async Task<string> AccessTokenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ((ITokenAccess)credential).GetAccessTokenForRequestAsync(cancellationToken: cancellationToken);
        }
        catch (TokenResponseException ex)
        {
            throw new DirectoryException(DirectoryFailure.Credentials,
                $"Google refused the service account's token request ({ex.Error?.Error}: {ex.Error?.ErrorDescription}). Check that domain-wide delegation is granted to the service account's client id with scope {GoogleClientBuilder.Scope}, that the key is current, and that {adminEmail} is an admin.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new DirectoryException(DirectoryFailure.Unreachable, $"Could not reach Google's token endpoint: {ex.Message}", ex);
        }
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string what)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var reason = await GoogleThrottle.ReasonAsync(response);
        var excerpt = await VendorRequests.ExcerptAsync(response);
        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new DirectoryException(DirectoryFailure.Credentials, $"Google rejected the access token (401) for {what}: {excerpt}."),
            HttpStatusCode.Forbidden when await new GoogleThrottle().IsThrottledAsync(response) => new DirectoryException(DirectoryFailure.Throttled,
                $"Google kept rate-limiting {what} ({reason}) after repeated back-off; the next sync will try again."),
            HttpStatusCode.Forbidden => new DirectoryException(DirectoryFailure.Permission,
                $"Google denied {what} (403 {reason}): {excerpt}. Domain-wide delegation must grant {GoogleClientBuilder.Scope} to the service account, and {adminEmail} must be an admin allowed to read users."),
            HttpStatusCode.TooManyRequests => new DirectoryException(DirectoryFailure.Throttled, $"Google kept throttling {what} (429); the next sync will try again."),
            _ => new DirectoryException(DirectoryFailure.Protocol, $"Google answered {(int)response.StatusCode} for {what}: {excerpt}"),
        };
    }
}
