using Thalian.Correlation.TrackingAwsAccounts;
using Thalian.Correlation.TrackingIamRoles;
using Thalian.Correlation.TrackingIamUsers;
using Thalian.Correlation.TrackingIdpAccounts;

namespace Thalian.Correlation.ReadingIdentities;

/// <summary>One row of the identity list, whatever the kind; written in the same transaction as the stream's events.</summary>
public sealed record IdentitySummary
{
    public Guid Id { get; init; }
    /// <summary>"iam-user", "iam-role", "aws-account" or "idp-account".</summary>
    public string Kind { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Arn { get; init; }
    public string? AccountId { get; init; }
    public string? Provider { get; init; }
    /// <summary>An IdP account's connection, or the connections an IAM user is linked to.</summary>
    public IReadOnlyList<Guid> ConnectionIds { get; init; } = [];
    public string? LinkState { get; init; }
    public string? MatchMethod { get; init; }
    /// <summary>An IdP account's lifecycle, or the lifecycles of an IAM user's linked accounts.</summary>
    public IReadOnlyList<string> Lifecycles { get; init; } = [];
    public bool Gone { get; init; }
    public DateTimeOffset ObservedAt { get; init; }
    public long Version { get; init; }
    /// <summary>Stable order for cursor paging.</summary>
    public string SortKey { get; init; } = "";

    public static IdentitySummary From(IamUser u) => Sorted(new IdentitySummary
    {
        Id = u.Id, Kind = "iam-user", Name = u.User.UserName, Arn = u.User.Arn, AccountId = u.AccountId,
        ConnectionIds = u.LinkedConnectionIds, LinkState = u.LinkState, MatchMethod = u.Match.Method,
        Lifecycles = [.. u.Match.Accounts.Select(a => a.Lifecycle.ToString()).Distinct()],
        Gone = u.Deleted, ObservedAt = u.ObservedAt, Version = u.Version,
    });

    public static IdentitySummary From(IamRole r) => Sorted(new IdentitySummary
    {
        Id = r.Id, Kind = "iam-role", Name = r.Role.RoleName, Arn = r.Role.Arn, AccountId = r.AccountId,
        Gone = r.Deleted, ObservedAt = r.ObservedAt, Version = r.Version,
    });

    public static IdentitySummary From(AwsAccount a) => Sorted(new IdentitySummary
    {
        Id = a.Id, Kind = "aws-account", Name = a.AccountId, AccountId = a.AccountId,
        Gone = a.Removed, ObservedAt = a.ObservedAt, Version = a.Version,
    });

    public static IdentitySummary From(IdpAccount i) => Sorted(new IdentitySummary
    {
        Id = i.Id, Kind = "idp-account", Name = i.Account.PrimaryEmail ?? (i.Account.Usernames.Count > 0 ? i.Account.Usernames[0] : null) ?? i.ExternalId,
        Provider = i.Provider, ConnectionIds = [i.ConnectionId], Lifecycles = [i.Account.Lifecycle.ToString()],
        Gone = i.Removed, ObservedAt = i.ObservedAt, Version = i.Version,
    });

    private static IdentitySummary Sorted(IdentitySummary s) => s with { SortKey = $"{s.Kind}|{s.Name.ToLowerInvariant()}|{s.Id:N}" };
}
