namespace Thalian.Contracts.Aws;

public sealed record AccountPosture
{
    /// <summary>GetAccountSummary AccountMFAEnabled (1/0); null when it could not be read.</summary>
    public int? AccountMfaEnabled { get; init; }
    public IReadOnlyDictionary<string, int> Summary { get; init; } = new Dictionary<string, int>();
    /// <summary>The credential report's &lt;root_account&gt; row; null when the report had none.</summary>
    public CredentialReportRow? RootCredentials { get; init; }
    public DateTimeOffset? CredentialReportGeneratedAt { get; init; }
    /// <summary>Root uses found in CloudTrail (service-invoked and AwsServiceEvent already dropped).</summary>
    public IReadOnlyList<RootActivity> RootActivity { get; init; } = [];
    public bool CloudTrailAvailable { get; init; }
    public string? CloudTrailError { get; init; }
    public IReadOnlyList<string> Unparseable { get; init; } = [];
    /// <summary>Added: unreadable values of the credential report's root row, by column.</summary>
    public IReadOnlyList<DataProblem> DataProblems { get; init; } = [];
}

public sealed record RootActivity(DateTimeOffset EventTime, string EventName, string Region, string? SourceIpAddress, bool? MfaUsed, string EventId)
{
    /// <summary>CloudTrail userIdentity.invokedBy (an AWS service acted for root); such events are not root use.</summary>
    public string? InvokedBy { get; init; }
    /// <summary>CloudTrail eventType; "AwsServiceEvent" records are not root use.</summary>
    public string? EventType { get; init; }
}
