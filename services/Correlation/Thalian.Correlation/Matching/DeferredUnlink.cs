namespace Thalian.Correlation.Matching;

/// <summary>
/// An unlink that re-evaluation wanted but incomplete evidence did not allow. The next complete run of
/// <see cref="Source"/> ("aws/&lt;account&gt;" or "idp/&lt;connection&gt;") re-evaluates the user with unlinking allowed.
/// </summary>
public sealed record DeferredUnlink
{
    public string Id { get; init; } = "";
    public Guid UserId { get; init; }
    public string Source { get; init; } = "";

    public static string AwsSource(string accountId) => "aws/" + accountId;

    public static string IdpSource(Guid connectionId) => $"idp/{connectionId:D}";

    public static DeferredUnlink For(Guid userId, string source) => new() { Id = $"{userId:N}/{source}", UserId = userId, Source = source };
}

/// <summary>Link events to append, and the linked accounts a re-evaluation would have dropped had it been allowed to.</summary>
public sealed record LinkOutcome(IReadOnlyList<object> Events, IReadOnlyList<Contracts.Correlation.LinkedIdpAccount> Deferred);
