using System.Runtime.CompilerServices;
using Azure.Identity;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using Thalian.Contracts.Idp;

namespace Thalian.IdpCollector.ReadingDirectories.Entra;

/// <summary>
/// Entra users through Microsoft Graph: <c>/users</c> then the soft-deleted <c>/directory/deletedItems/microsoft.graph.user</c>,
/// both at $top=999 with a lean $select, following @odata.nextLink. An expired page token restarts the pass.
/// </summary>
public sealed partial class EntraClient(GraphServiceClient graph, IReadOnlyList<HttpClient> httpClients, int maxRetries) : IRealtimeDirectory
{
    private const int MaxRestarts = 3;
    private static readonly string[] Fields =
    [
        "id", "userPrincipalName", "mail", "accountEnabled", "userType", "externalUserState", "proxyAddresses",
        "mailNickname", "onPremisesSamAccountName", "onPremisesUserPrincipalName", "displayName", "deletedDateTime",
    ];

    public async Task VerifyAsync(CancellationToken cancellationToken) => await PageAsync(false, null, 1, cancellationToken);

    public async IAsyncEnumerable<IdpAccountObservation> ListAccountsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var deleted in new[] { false, true })
        {
            string? next = null;
            var restarts = 0;
            for (var page = 1; page == 1 || next is not null; page++)
            {
                var response = await PageAsync(deleted, next, 999, cancellationToken);
                if (response is null)
                {
                    // Expired page token: retrying the same link cannot succeed, so the pass starts over (duplicates are dropped by the runner).
                    if (++restarts > MaxRestarts)
                    {
                        throw new DirectoryException(DirectoryFailure.Protocol, $"Graph kept expiring the page token of the {(deleted ? "deleted users" : "users")} listing; gave up after {MaxRestarts} restarts.");
                    }
                    (next, page) = (null, 0);
                    continue;
                }
                foreach (var user in response.Value ?? [])
                {
                    if (EntraNormaliser.Normalise(user, deleted) is { } account)
                    {
                        yield return account;
                    }
                }
                next = response.OdataNextLink;
            }
        }
    }

    public void Dispose()
    {
        foreach (var http in httpClients)
        {
            http.Dispose();
        }
    }

    /// <summary>One page; null means the page token expired.</summary>
    private Task<UserCollectionResponse?> PageAsync(bool deleted, string? nextLink, int top, CancellationToken cancellationToken)
    {
        void Configure(RequestConfiguration<Microsoft.Graph.Users.UsersRequestBuilder.UsersRequestBuilderGetQueryParameters> rc)
        {
            rc.QueryParameters.Select = Fields;
            rc.QueryParameters.Top = top;
            rc.Options.Add(new RetryHandlerOption { MaxRetry = Math.Min(maxRetries, 10) });
            rc.Headers.Add("x-ms-throttle-priority", "low");
        }
        void ConfigureDeleted(RequestConfiguration<Microsoft.Graph.DirectoryNamespace.DeletedItems.GraphUser.GraphUserRequestBuilder.GraphUserRequestBuilderGetQueryParameters> rc)
        {
            rc.QueryParameters.Select = Fields;
            rc.QueryParameters.Top = top;
            rc.Options.Add(new RetryHandlerOption { MaxRetry = Math.Min(maxRetries, 10) });
            rc.Headers.Add("x-ms-throttle-priority", "low");
        }
        return CallAsync($"Graph {(deleted ? "deleted users" : "users")} page", async () =>
        {
            try
            {
                var users = nextLink is null ? graph.Users : graph.Users.WithUrl(nextLink);
                var gone = nextLink is null ? graph.Directory.DeletedItems.GraphUser : graph.Directory.DeletedItems.GraphUser.WithUrl(nextLink);
                return deleted ? await gone.GetAsync(ConfigureDeleted, cancellationToken) : await users.GetAsync(Configure, cancellationToken);
            }
            catch (ODataError error) when (error.Error?.Code == "Directory_ExpiredPageToken")
            {
                return null;
            }
        });
    }

    /// <summary>One Graph call, its failures turned into messages a user can act on.</summary>
    private static async Task<T> CallAsync<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ODataError error)
        {
            throw Map(error, what);
        }
        catch (AuthenticationFailedException ex)
        {
            throw new DirectoryException(DirectoryFailure.Credentials,
                $"Entra ID refused the app's credentials: {AadError(AllMessages(ex))}. Check the tenant id, client id and the client secret or certificate (secrets expire).", ex);
        }
        catch (Exception ex) when (ex is ApiException or System.Text.Json.JsonException or HttpRequestException or InvalidOperationException)
        {
            throw new DirectoryException(ex is HttpRequestException ? DirectoryFailure.Unreachable : DirectoryFailure.Protocol,
                $"{what} could not be read: {FirstLine(ex.Message)}", ex);
        }
    }

    private static DirectoryException Map(ODataError error, string what)
    {
        var detail = $"{error.Error?.Code}: {error.Error?.Message}";
        return error.ResponseStatusCode switch
        {
            401 => new DirectoryException(DirectoryFailure.Credentials, $"Graph rejected the access token (401) for {what} ({detail})."),
            403 => new DirectoryException(DirectoryFailure.Permission,
                $"Graph denied {what} (403, {detail}). Grant the app the User.Read.All application permission with admin consent."),
            429 => new DirectoryException(DirectoryFailure.Throttled, $"Graph kept throttling {what} (429) after repeated waits; the next sync will try again."),
            _ => new DirectoryException(DirectoryFailure.Protocol, $"Graph answered {error.ResponseStatusCode} for {what} ({detail})."),
        };
    }

    private static string AadError(string message) =>
        System.Text.RegularExpressions.Regex.Match(message, "AADSTS\\d+:[^\\r\\n]*") is { Success: true } m ? m.Value.Trim() : FirstLine(message);

    private static string AllMessages(Exception ex)
    {
        var messages = new List<string>();
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }
        return string.Join(" ", messages);
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
