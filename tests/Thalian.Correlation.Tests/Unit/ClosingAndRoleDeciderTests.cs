using Thalian.Contracts.Aws;
using Thalian.Contracts.Idp;
using Thalian.Correlation.TrackingAwsAccounts;
using Thalian.Correlation.TrackingIamRoles;
using Thalian.Correlation.TrackingIamUsers;
using Thalian.Correlation.TrackingIdpAccounts;
using static Thalian.Correlation.Tests.Observations;

namespace Thalian.Correlation.Tests.Unit;

/// <summary>The deciders' closing commands (complete-run deletions, connection removal) and the IAM role decider.</summary>
public sealed class ClosingAndRoleDeciderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid Run = Guid.NewGuid();

    private static List<string> Names(IEnumerable<object> events) => [.. events.Select(e => e.GetType().Name)];

    [Fact]
    public void A_user_is_deleted_once_and_keeps_its_last_observation()
    {
        var user = IamUser.Fold(null, IamUserDecider.Decide(null, new(Guid.NewGuid(), Account, "aws", User("alice"), T0, Run)))!;
        var events = IamUserDecider.Delete(user, "not-seen-in-complete-sync", T0.AddDays(1), Run);
        var deleted = IamUser.Fold(user, events)!;

        Assert.Equal(["IamUserDeleted"], Names(events));
        Assert.True(deleted.Deleted);
        Assert.Equal("alice", deleted.User.UserName);
        Assert.Equal(T0.AddDays(1), deleted.ObservedAt);
        Assert.Empty(IamUserDecider.Delete(deleted, "connection-removed", T0.AddDays(2), null));
    }

    [Fact]
    public void A_role_is_deleted_once()
    {
        var role = IamRole.Fold(null, IamRoleDecider.Decide(null, new(Guid.NewGuid(), Account, "aws", Role("deployer"), T0, Run)))!;
        var deleted = IamRole.Fold(role, IamRoleDecider.Delete(role, "connection-removed", T0.AddDays(1), null))!;

        Assert.True(deleted.Deleted);
        Assert.Empty(IamRoleDecider.Delete(deleted, "connection-removed", T0.AddDays(2), null));
    }

    [Fact]
    public void An_idp_account_is_removed_once_and_its_removal_time_is_the_first()
    {
        var account = IdpAccount.Fold(null, IdpAccountDecider.Decide(null, new(Guid.NewGuid(), Guid.NewGuid(), IdpProviders.Okta, Okta("00u1", "a@corp.com"), T0, Run)))!;
        var removed = IdpAccount.Fold(account, IdpAccountDecider.Remove(account, "not-seen-in-complete-sync", T0.AddDays(1), Run))!;

        Assert.True(removed.Removed);
        Assert.Equal(T0.AddDays(1), removed.RemovedAt);
        Assert.Empty(IdpAccountDecider.Remove(removed, "connection-removed", T0.AddDays(2), null));
    }

    [Fact]
    public void An_aws_account_is_removed_once_and_an_unknown_one_needs_nothing()
    {
        var id = Guid.NewGuid();
        var account = AwsAccount.Fold(null, AwsAccountDecider.Decide(null, new(id, Account, "aws", new AccountPosture { AccountMfaEnabled = 1 }, T0, Run)))!;
        var removed = AwsAccount.Fold(account, AwsAccountDecider.Remove(account, "connection-removed", T0.AddDays(1), null))!;

        Assert.True(removed.Removed);
        Assert.Empty(AwsAccountDecider.Remove(removed, "connection-removed", T0.AddDays(2), null));
        Assert.Empty(AwsAccountDecider.Remove(null, "connection-removed", T0, null));
        Assert.Equal(["AwsAccountRegistered"],
            Names(AwsAccountDecider.Decide(removed, new(id, Account, "aws", new AccountPosture { AccountMfaEnabled = 1 }, T0.AddDays(3), Run))));
    }

    [Fact]
    public void Role_changes_are_named_an_older_observation_is_ignored_and_a_deleted_role_reappears()
    {
        var id = Guid.NewGuid();
        var role = IamRole.Fold(null, IamRoleDecider.Decide(null, new(id, Account, "aws", Role("deployer"), T0, Run)))!;
        var trustsTheWorld = Role("deployer") with
        {
            TrustPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}""",
            LastUsedAt = T0.AddHours(3),
        };

        var events = IamRoleDecider.Decide(role, new(id, Account, "aws", trustsTheWorld, T0.AddDays(1), Run));
        Assert.Equal(["TrustPolicyChanged", "RoleUsed"], Names(events));
        Assert.Equal(trustsTheWorld.TrustPolicy, IamRole.Fold(role, events)!.Role.TrustPolicy);
        Assert.Empty(IamRoleDecider.Decide(role, new(id, Account, "aws", Role("deployer"), T0.AddDays(1), Run)));
        Assert.Empty(IamRoleDecider.Decide(role, new(id, Account, "aws", trustsTheWorld, T0.AddHours(-1), Run)));
        var deleted = IamRole.Fold(role, IamRoleDecider.Delete(role, "not-seen-in-complete-sync", T0.AddDays(2), Run))!;
        Assert.Equal(["IamRoleReappeared"], Names(IamRoleDecider.Decide(deleted, new(id, Account, "aws", Role("deployer"), T0.AddDays(3), Run))));
    }
}
