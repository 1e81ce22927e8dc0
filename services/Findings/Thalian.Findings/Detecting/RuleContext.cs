using Thalian.Findings.ManagingSettings;

namespace Thalian.Findings.Detecting;

/// <summary>Everything a rule may look at besides the identity itself.</summary>
/// <param name="TenantAccountIds">AWS accounts connected to the same tenant (never "another account").</param>
/// <param name="CredentialReportGeneratedAt">GeneratedTime of the account's latest credential report, when known.</param>
public sealed record RuleContext(
    TenantSettings Settings,
    IdpCoverage Idp,
    IReadOnlySet<string> TenantAccountIds,
    DateTimeOffset Now,
    DateTimeOffset? CredentialReportGeneratedAt = null);

/// <summary>The tenant's connected IdP directories and whether each latest snapshot is complete.</summary>
public sealed record IdpCoverage(int Connected, IReadOnlyList<string> Incomplete)
{
    public static readonly IdpCoverage None = new(0, []);

    /// <summary>Set for one user whose links are older than the latest IdP run announced (its newer state is on its way).</summary>
    public string? Pending { get; init; }

    /// <summary>The IdP-gap rules may open or resolve only when this is null.</summary>
    public string? WhyUnknown => Pending ?? (Connected == 0
        ? "no IdP connected"
        : Incomplete.Count > 0 ? $"latest IdP snapshot incomplete: {string.Join(", ", Incomplete)}" : null);
}
