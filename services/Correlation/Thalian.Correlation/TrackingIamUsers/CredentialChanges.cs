using Thalian.Contracts.Aws;

namespace Thalian.Correlation.TrackingIamUsers;

/// <summary>
/// Reads credential report changes as domain events. Each event carries the whole new row, so the state stays
/// exact whichever events a change produces.
/// </summary>
public static class CredentialChanges
{
    public static IReadOnlyList<object> Decide(CredentialReportRow? was, CredentialReportRow? now, DateTimeOffset at, Guid? run)
    {
        if (was == now)
        {
            return [];
        }
        if (now is null)
        {
            return [new CredentialReportRowChanged(null, at, run)];
        }
        var before = was ?? new CredentialReportRow();
        var events = new List<object>();
        if (before.PasswordEnabled != true && now.PasswordEnabled == true)
        {
            events.Add(new ConsolePasswordEnabled(now, at, run));
        }
        else if (before.PasswordEnabled == true && now.PasswordEnabled != true)
        {
            events.Add(new ConsolePasswordRemoved(now, at, run));
        }
        else if (now.PasswordEnabled == true && before.PasswordLastChanged != now.PasswordLastChanged)
        {
            events.Add(new ConsolePasswordChanged(now.PasswordLastChanged, now, at, run));
        }
        if (now.PasswordLastUsed is { } used && (before.PasswordLastUsed is null || used > before.PasswordLastUsed))
        {
            events.Add(new ConsolePasswordUsed(used, now, at, run));
        }
        events.AddRange(KeyEvents(1, before.AccessKey1, now.AccessKey1, now, at, run));
        events.AddRange(KeyEvents(2, before.AccessKey2, now.AccessKey2, now, at, run));
        if (events.Count == 0)
        {
            events.Add(new CredentialReportRowChanged(now, at, run));
        }
        return events;
    }

    private static IEnumerable<object> KeyEvents(int slot, AccessKeyUsage was, AccessKeyUsage now, CredentialReportRow row, DateTimeOffset at, Guid? run)
    {
        // last_rotated is the creation time of the key in the slot: a new value means a new key.
        var newKey = now.LastRotated != was.LastRotated && now.LastRotated is not null;
        if (now.Active && (!was.Active || newKey))
        {
            yield return newKey
                ? was.LastRotated is null ? new AccessKeyCreated(slot, now.LastRotated, row, at, run) : new AccessKeyRotated(slot, now.LastRotated, row, at, run)
                : new AccessKeyReactivated(slot, row, at, run);
        }
        else if (was.Active && !now.Active)
        {
            yield return new AccessKeyDeactivated(slot, row, at, run);
        }
        if (now.LastUsedDate is { } used && (was.LastUsedDate is null || used > was.LastUsedDate || newKey))
        {
            yield return new AccessKeyUsed(slot, used, now.LastUsedService, now.LastUsedRegion, row, at, run);
        }
    }
}
