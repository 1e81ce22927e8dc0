using System.Text;
using Marten;
using Thalian.ServiceDefaults.Auth;

namespace Thalian.Correlation.ReadingIdentities;

public sealed record IdentityPage(IReadOnlyList<IdentitySummary> Items, string? NextCursor);

public static class ListIdentitiesEndpoint
{
    private static readonly string[] Kinds = ["iam-user", "iam-role", "aws-account", "idp-account"];
    private static readonly string[] LinkStates = ["linked", "unmatched", "ambiguous", "no-idp"];

    /// <summary>GET /api/v1/identities?kind=&amp;account=&amp;connection=&amp;provider=&amp;link=&amp;lifecycle=&amp;includeGone=&amp;limit=&amp;cursor=</summary>
    public static async Task<IResult> Handle(HttpContext http, IDocumentStore store, string? kind, string? account, Guid? connection,
        string? provider, string? link, string? lifecycle, bool? includeGone, int? limit, string? cursor, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (kind is not null && !Kinds.Contains(kind)) errors["kind"] = [$"kind must be one of {string.Join(", ", Kinds)}"];
        if (link is not null && !LinkStates.Contains(link)) errors["link"] = [$"link must be one of {string.Join(", ", LinkStates)}"];
        if (limit is < 1 or > 500) errors["limit"] = ["limit must be between 1 and 500"];
        var after = DecodeCursor(cursor);
        if (cursor is not null && after is null) errors["cursor"] = ["cursor is not one this API issued"];
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }
        await using var session = store.QuerySession(http.User.TenantId());
        var query = session.Query<IdentitySummary>().AsQueryable();
        if (kind is not null) query = query.Where(s => s.Kind == kind);
        if (account is not null) query = query.Where(s => s.AccountId == account);
        if (connection is { } c) query = query.Where(s => s.ConnectionIds.Contains(c));
        if (provider is not null) query = query.Where(s => s.Provider == provider);
        if (link is not null) query = query.Where(s => s.LinkState == link);
        if (lifecycle is not null) query = query.Where(s => s.Lifecycles.Contains(lifecycle));
        if (includeGone != true) query = query.Where(s => !s.Gone);
        if (after is not null) query = query.Where(s => s.SortKey.CompareTo(after) > 0);
        var size = limit ?? 100;
        var items = await query.OrderBy(s => s.SortKey).Take(size + 1).ToListAsync(ct);
        var next = items.Count > size ? EncodeCursor(items[size - 1].SortKey) : null;
        return Results.Ok(new IdentityPage([.. items.Take(size)], next));
    }

    private static string EncodeCursor(string sortKey) => Convert.ToBase64String(Encoding.UTF8.GetBytes(sortKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? DecodeCursor(string? cursor)
    {
        if (string.IsNullOrWhiteSpace(cursor))
        {
            return null;
        }
        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) && Encoding.UTF8.GetString(buffer, 0, written) is { } key && key.Count(ch => ch == '|') == 2
            ? key
            : null;
    }
}
