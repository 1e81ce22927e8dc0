using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Thalian.Delivery.Destinations.SecurityHub;

/// <summary>
/// AWS Security Hub through BatchImportFindings: each transition re-imports the finding's one ASFF record (stable Id),
/// so Security Hub converges to the platform — resolved and suppressed findings archived, reopened ones active again.
/// Calls go per account (Security Hub takes a finding only from its own account) in order, at most 100 findings each.
/// </summary>
public sealed partial class SecurityHubDestination(IHttpClientFactory http, SecurityHubCredentials credentials, IOptions<DeliveryOptions> options)
    : DestinationType<SecurityHubSettings>
{
    public const string SecretAccessKey = "secretAccessKey";

    public override string Name => "aws-security-hub";

    public override IReadOnlyList<SecretSpec> Secrets { get; } =
        [new(SecretAccessKey, false, "the secret access key of settings.accessKeyId (none when the service's own AWS identity is used).")];

    public override int MaxBatchSize => SecurityHubClient.MaxFindingsPerCall;

    protected override void Check(SecurityHubSettings settings, IReadOnlyDictionary<string, string> givenSecrets, IReadOnlySet<string> secretsAfter, FieldErrors errors)
    {
        if (settings.Region is null || !RegionPattern().IsMatch(settings.Region))
        {
            errors.Add("settings.region", "Required: the AWS region Security Hub runs in, e.g. eu-west-1.");
        }
        if (settings.Partition is not ("aws" or "aws-cn" or "aws-us-gov"))
        {
            errors.Add("settings.partition", "Must be aws, aws-cn or aws-us-gov.");
        }
        if (!string.IsNullOrEmpty(settings.AccessKeyId) && !AccessKeyPattern().IsMatch(settings.AccessKeyId))
        {
            errors.Add("settings.accessKeyId", "Must be an access key id: AKIA followed by 16 upper-case letters or digits.");
        }
        if (!string.IsNullOrEmpty(settings.AccessKeyId) && !secretsAfter.Contains(SecretAccessKey))
        {
            errors.Add($"secrets.{SecretAccessKey}", "Required with settings.accessKeyId.");
        }
        if (string.IsNullOrEmpty(settings.AccessKeyId) && givenSecrets.ContainsKey(SecretAccessKey))
        {
            errors.Add("settings.accessKeyId", "Required with secrets.secretAccessKey.");
        }
        if (!string.IsNullOrEmpty(settings.RoleArn) && !RolePattern().IsMatch(settings.RoleArn))
        {
            errors.Add("settings.roleArn", "Must be an IAM role ARN, e.g. arn:aws:iam::{accountId}:role/ThalianSecurityHub.");
        }
        if (settings.EndpointOverride is not null && !options.Value.AllowInsecureHttp)
        {
            errors.Add("settings.endpointOverride", "Only for tests and demos (Delivery:AllowInsecureHttp).");
        }
    }

    protected override async Task<SendOutcome> SendAsync(SecurityHubSettings settings, DestinationTarget target, IReadOnlyList<DeliveryEvent> events, CancellationToken cancellationToken)
    {
        var client = new SecurityHubClient(http.CreateClient(HttpAnswers.ClientName));
        var delivered = 0;
        try
        {
            foreach (var run in RunsByAccount(events))
            {
                var identity = await credentials.ForAccountAsync(settings, target.Secret(SecretAccessKey), run[0].Finding.AccountId, cancellationToken);
                var findings = new List<JsonObject>();
                foreach (var e in run)
                {
                    findings.Add(Asff.Map(e.Test ? await AsOwnAccountAsync(e, identity, settings, cancellationToken) : e, settings));
                }
                foreach (var batch in SecurityHubBatches.Split(findings))
                {
                    var failed = await client.BatchImportFindingsAsync(identity, settings, batch, cancellationToken);
                    if (failed.Count > 0)
                    {
                        return Refused(delivered, batch, failed);
                    }
                    delivered += batch.Count;
                }
            }
        }
        catch (SecurityHubException e)
        {
            return SendOutcome.Failed(delivered, e.Permanent ? FailureKind.Permanent : FailureKind.Transient, e.Message, e.RetryAfter);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var failure = HttpAnswers.FromException(e, settings.EndpointOverride ?? new Uri($"https://securityhub.{settings.Region}.amazonaws.com/"));
            return failure with { Delivered = delivered };
        }
        return SendOutcome.AllDelivered(delivered, $"BatchImportFindings accepted {delivered} findings");
    }

    /// <summary>The findings before the first refused one count as delivered; the refused one decides whether to retry.</summary>
    private static SendOutcome Refused(int delivered, IReadOnlyList<JsonObject> batch, IReadOnlyList<FailedFinding> failed)
    {
        var ids = failed.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var first = batch.Select((f, i) => (Id: (string)f["Id"]!, i)).First(x => ids.Contains(x.Id));
        var reason = failed.First(f => f.Id == first.Id);
        return SendOutcome.Failed(delivered + first.i, reason.Retryable ? FailureKind.Transient : FailureKind.Permanent,
            $"Security Hub refused finding {reason.Id} ({reason.ErrorCode}: {reason.ErrorMessage}).");
    }

    /// <summary>The test event has no account of its own: it is imported (archived) into the destination's account.</summary>
    private static async Task<DeliveryEvent> AsOwnAccountAsync(DeliveryEvent e, Amazon.Runtime.AWSCredentials identity, SecurityHubSettings settings, CancellationToken cancellationToken)
    {
        var account = await SecurityHubCredentials.AccountOfAsync(identity, settings, cancellationToken);
        return e with { Finding = e.Finding with { AccountId = account, ResourceArn = $"arn:{settings.Partition}:iam::{account}:user/thalian-test" } };
    }

    private static List<List<DeliveryEvent>> RunsByAccount(IReadOnlyList<DeliveryEvent> events)
    {
        var runs = new List<List<DeliveryEvent>>();
        foreach (var e in events)
        {
            if (runs.Count == 0 || runs[^1][0].Finding.AccountId != e.Finding.AccountId)
            {
                runs.Add([]);
            }
            runs[^1].Add(e);
        }
        return runs;
    }

    [GeneratedRegex(@"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^(AKIA|ASIA)[A-Z0-9]{16}$")]
    private static partial Regex AccessKeyPattern();

    [GeneratedRegex(@"^arn:aws(-cn|-us-gov)?:iam::(\d{12}|\{accountId\}):role/[\w+=,.@/-]{1,512}$")]
    private static partial Regex RolePattern();
}
