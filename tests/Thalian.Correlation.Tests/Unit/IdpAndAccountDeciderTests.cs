using Thalian.Contracts.Aws;
using Thalian.Contracts.Idp;
using Thalian.Correlation.Identifying;
using Thalian.Correlation.TrackingAwsAccounts;
using Thalian.Correlation.TrackingIdpAccounts;
using static Thalian.Correlation.Tests.Observations;

namespace Thalian.Correlation.Tests.Unit;

public sealed class IdpAndAccountDeciderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static IdpAccountDecider.Observation Seen(IdpAccountObservation account, DateTimeOffset at) =>
        new(Guid.NewGuid(), Guid.NewGuid(), IdpProviders.Okta, account, at, Guid.NewGuid());

    [Theory]
    [InlineData(IdpLifecycle.Active, IdpLifecycle.Suspended, "IdpAccountSuspended")]
    [InlineData(IdpLifecycle.Active, IdpLifecycle.Deprovisioned, "IdpAccountDeprovisioned")]
    [InlineData(IdpLifecycle.Suspended, IdpLifecycle.Active, "IdpAccountReactivated")]
    [InlineData(IdpLifecycle.Staged, IdpLifecycle.Active, "IdpAccountActivated")]
    [InlineData(IdpLifecycle.Active, IdpLifecycle.Locked, "IdpAccountLocked")]
    [InlineData(IdpLifecycle.Active, IdpLifecycle.Unknown, "IdpAccountStatusChanged")]
    public void A_lifecycle_move_is_one_transition_event(IdpLifecycle from, IdpLifecycle to, string expected)
    {
        var state = IdpAccount.Fold(null, IdpAccountDecider.Decide(null, Seen(Okta("00u1", "a@corp.com", from), T0)));
        var events = IdpAccountDecider.Decide(state, Seen(Okta("00u1", "a@corp.com", to), T0.AddDays(1)));
        Assert.Equal(expected, Assert.Single(events).GetType().Name);
    }

    [Fact]
    public void Left_active_comes_from_the_vendor_time_else_from_the_history()
    {
        var state = IdpAccount.Fold(null, IdpAccountDecider.Decide(null, Seen(Okta("00u1", "a@corp.com"), T0)))!;
        var suspended = IdpAccount.Fold(state, IdpAccountDecider.Decide(state, Seen(Okta("00u1", "a@corp.com", IdpLifecycle.Suspended), T0.AddDays(3))))!;
        Assert.Equal(T0.AddDays(3), suspended.EffectiveLeftActiveAt);
        var vendor = IdpAccount.Fold(state, IdpAccountDecider.Decide(state,
            Seen(Okta("00u1", "a@corp.com", IdpLifecycle.Deprovisioned, statusChangedAt: T0.AddDays(2)), T0.AddDays(3))))!;
        Assert.Equal(T0.AddDays(2), vendor.EffectiveLeftActiveAt);
        var back = IdpAccount.Fold(suspended, IdpAccountDecider.Decide(suspended, Seen(Okta("00u1", "a@corp.com"), T0.AddDays(4))))!;
        Assert.Null(back.EffectiveLeftActiveAt);
    }

    [Fact]
    public void Profile_changes_are_one_event_and_unchanged_accounts_none()
    {
        var state = IdpAccount.Fold(null, IdpAccountDecider.Decide(null, Seen(Okta("00u1", "a@corp.com"), T0)));
        Assert.Empty(IdpAccountDecider.Decide(state, Seen(Okta("00u1", "a@corp.com"), T0.AddDays(1))));
        var renamed = IdpAccountDecider.Decide(state, Seen(Okta("00u1", "a@corp.com", aliases: ["a.b@corp.com"]), T0.AddDays(1)));
        Assert.IsType<IdpAccountProfileChanged>(Assert.Single(renamed));
    }

    [Fact]
    public void Root_use_and_mfa_changes_are_named_on_the_account()
    {
        var id = Guid.NewGuid();
        var posture = new AccountPosture { AccountMfaEnabled = 1, CloudTrailAvailable = true };
        var state = AwsAccount.Fold(null, AwsAccountDecider.Decide(null, new(id, Account, "aws", posture, T0, null)))!;
        Assert.Empty(AwsAccountDecider.Decide(state, new(id, Account, "aws", posture, T0.AddDays(1), null)));
        var used = posture with { AccountMfaEnabled = 0, RootActivity = [new(T0.AddHours(5), "ConsoleLogin", "us-east-1", "203.0.113.9", false, "ev1")] };
        var events = AwsAccountDecider.Decide(state, new(id, Account, "aws", used, T0.AddDays(1), null));
        Assert.Equal(["RootMfaDisabled", "RootUsed"], events.Select(e => e.GetType().Name).ToList());
        Assert.Equal(T0.AddHours(5), ((RootUsed)events[1]).LastUsedAt);
    }

    [Fact]
    public void Service_invoked_cloudtrail_events_are_not_root_use()
    {
        var posture = new AccountPosture
        {
            AccountMfaEnabled = 1,
            RootActivity =
            [
                new(T0.AddHours(9), "GetBucketAcl", "us-east-1", null, null, "ev2") { InvokedBy = "s3.amazonaws.com" },
                new(T0.AddHours(8), "SharedSnapshotCopyInitiated", "us-east-1", null, null, "ev3") { EventType = "AwsServiceEvent" },
                new(T0.AddHours(2), "ConsoleLogin", "us-east-1", "203.0.113.9", true, "ev1"),
            ],
        };
        Assert.Equal(T0.AddHours(2), AwsAccountDecider.LastRootUse(posture).At);
    }

    [Fact]
    public void Stream_ids_are_deterministic_and_differ_per_tenant()
    {
        Assert.Equal(StreamIds.IamUser("t1", Account, "AIDA1"), StreamIds.IamUser("t1", Account, "AIDA1"));
        Assert.NotEqual(StreamIds.IamUser("t1", Account, "AIDA1"), StreamIds.IamUser("t2", Account, "AIDA1"));
        Assert.Equal(5, StreamIds.Of("x").Version);
    }
}
