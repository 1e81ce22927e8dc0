using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Thalian.AwsEmulator.Scenarios;

/// <summary>Who may call: a scenario key, or session credentials handed out by AssumeRole.</summary>
public sealed record Caller(AccountSpec Account, string AccessKeyId, string Secret, string? SessionToken, string Principal, IReadOnlyList<string> Deny);

public sealed record ServedRequest(string Action, string AccountId, string AccessKeyId, string SigningRegion, DateTimeOffset At);

/// <summary>The scenario plus what changed while serving it: report generation, issued sessions, fault counters, a request log.</summary>
public sealed class EmulatorState(Scenario scenario)
{
    private readonly ConcurrentDictionary<string, Caller> sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> reportsGenerated = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ServedRequest> served = new();
    private readonly Faults faults = new(scenario);

    public Scenario Scenario { get; } = scenario;

    /// <summary>
    /// What creation times ("created": "-700d") are relative to: fixed for the emulator's life, because in IAM a user's
    /// or key's creation time does not move between two requests (the collector joins GAAD and the credential report on it).
    /// </summary>
    public DateTimeOffset CreatedEpoch { get; } = DateTimeOffset.UtcNow;

    public Caller? Find(string accessKeyId)
    {
        if (sessions.TryGetValue(accessKeyId, out var session))
        {
            return session;
        }
        foreach (var account in Scenario.Accounts)
        {
            if (account.AccessKeys.FirstOrDefault(k => k.AccessKeyId == accessKeyId) is { } key)
            {
                return new Caller(account, key.AccessKeyId, key.SecretAccessKey, null, key.Principal, key.Deny);
            }
        }
        return null;
    }

    public Caller IssueSession(AccountSpec account, string roleName)
    {
        var id = "ASIA" + RandomNumberGenerator.GetHexString(16, true).ToUpperInvariant();
        var caller = new Caller(account, id, RandomNumberGenerator.GetHexString(40), Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            $"assumed-role/{roleName}/thalian", []);
        sessions[id] = caller;
        return caller;
    }

    public AccountSpec? Account(string accountId) => Scenario.Accounts.FirstOrDefault(a => a.AccountId == accountId);

    /// <summary>Generate marks the report as generated; the first call says STARTED, later calls COMPLETE.</summary>
    public string GenerateReport(AccountSpec account, DateTimeOffset now) =>
        reportsGenerated.TryAdd(account.AccountId, now) ? "STARTED" : "COMPLETE";

    public DateTimeOffset? ReportGeneratedAt(AccountSpec account) =>
        reportsGenerated.TryGetValue(account.AccountId, out var at) ? at : null;

    public FaultSpec? NextFault(AccountSpec account, string action) => faults.Next(account, action);

    public void Record(string action, Caller caller, string signingRegion, DateTimeOffset at) =>
        served.Enqueue(new ServedRequest(action, caller.Account.AccountId, caller.AccessKeyId, signingRegion, at));

    public IReadOnlyList<ServedRequest> Served => served.ToArray();
}

/// <summary>Counts matching requests per fault so "times" and "after" hold across concurrent calls.</summary>
internal sealed class Faults(Scenario scenario)
{
    private readonly Lock gate = new();
    private readonly Dictionary<FaultSpec, int> seen = [];

    public FaultSpec? Next(AccountSpec account, string action)
    {
        lock (gate)
        {
            // Every matching fault counts every matching request, so "after" means "after N such requests" for each.
            FaultSpec? chosen = null;
            foreach (var fault in account.Faults.Concat(scenario.Faults))
            {
                if (fault.Action != "*" && !fault.Action.Equals(action, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                var count = seen.GetValueOrDefault(fault);
                seen[fault] = count + 1;
                if (chosen is null && count >= fault.After && (fault.Times < 0 || count < fault.After + fault.Times))
                {
                    chosen = fault;
                }
            }
            return chosen;
        }
    }
}
