using Thalian.Findings.Detecting.Policies;

namespace Thalian.Findings.Detecting;

/// <summary>
/// OIDC issuers whose tokens any outsider can obtain (anyone can run a GitHub workflow). A web-identity trust to one
/// of them is open to the world unless a condition pins the subject (or, for Cognito, the identity pool).
/// </summary>
public static class PublicOidcIssuers
{
    /// <summary>Who can obtain a token (<c>any GitHub repository</c>) and from which issuer.</summary>
    public sealed record OpenIssuer(string Who, string Issuer);

    private sealed record Issuer(string Prefix, string Who, string PinClaim);

    private static readonly Issuer[] Known =
    [
        new("token.actions.githubusercontent.com", "any GitHub repository", "sub"),
        new("gitlab.com", "any GitLab project", "sub"),
        new("app.terraform.io", "any Terraform Cloud workspace", "sub"),
        new("api.bitbucket.org/2.0/workspaces/", "any Bitbucket Pipelines repository", "sub"),
        new("oidc.circleci.com/org/", "any CircleCI project", "sub"),
        new("cognito-identity.amazonaws.com", "any Cognito identity", "aud"),
    ];

    /// <summary>Who can assume the role through this statement's public issuers when nothing pins them; empty when none.</summary>
    public static IReadOnlyList<OpenIssuer> OpenTo(PolicyStatement statement)
    {
        if (statement.Principal is not { } principal || !AllowsWebIdentity(statement))
        {
            return [];
        }
        return principal.Of("Federated")
            .Select(IssuerOf)
            .Select(issuer => (issuer, known: Known.FirstOrDefault(k => issuer.StartsWith(k.Prefix, StringComparison.OrdinalIgnoreCase))))
            .Where(x => x.known is not null && !IsPinned(statement, x.issuer, x.known))
            .Select(x => new OpenIssuer(x.known!.Who, x.issuer))
            .ToList();
    }

    private static bool AllowsWebIdentity(PolicyStatement s) =>
        s.Actions is { } actions
            ? actions.Any(p => Glob.Matches(p.Trim(), "sts:AssumeRoleWithWebIdentity"))
            : !s.NotActions!.Any(p => Glob.Matches(p.Trim(), "sts:AssumeRoleWithWebIdentity"));

    /// <summary><c>arn:aws:iam::123:oidc-provider/token.actions.githubusercontent.com</c> → the issuer host and path.</summary>
    private static string IssuerOf(string federated)
    {
        var marker = federated.IndexOf(":oidc-provider/", StringComparison.OrdinalIgnoreCase);
        return (marker >= 0 ? federated[(marker + ":oidc-provider/".Length)..] : federated).Trim().TrimEnd('/');
    }

    private static bool IsPinned(PolicyStatement statement, string issuer, Issuer known)
    {
        var key = $"{issuer}:{known.PinClaim}".ToLowerInvariant();
        return statement.Conditions.Any(c => c.Key == key && Constraints.IsPositive(c)
            && c.Values.All(v => known.PinClaim == "aud" ? Constraints.IsLiteral(v) : PinsOwner(v)));
    }

    /// <summary>
    /// A subject pins when it is a literal, or a pattern whose owner part is literal: <c>repo:acme/*</c> and
    /// <c>organization:acme:*</c> pin; <c>*</c>, <c>repo:*</c> and <c>repo:acme*</c> (also matches acme-evil) do not.
    /// </summary>
    public static bool PinsOwner(string subject)
    {
        if (Constraints.IsLiteral(subject))
        {
            return true;
        }
        var wildcard = subject.IndexOfAny(['*', '?']);
        var variable = subject.IndexOf("${", StringComparison.Ordinal);
        var end = variable >= 0 && (wildcard < 0 || variable < wildcard) ? variable : wildcard;
        var prefix = subject[..end];
        var colon = prefix.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }
        var afterClaim = prefix[(colon + 1)..];
        var ownerEnd = afterClaim.IndexOfAny(['/', ':']);
        return ownerEnd > 0;
    }
}
