using Thalian.Contracts.Aws;
using Thalian.Correlation.TrackingIamUsers;
using static Thalian.Correlation.Tests.Observations;

namespace Thalian.Correlation.Tests.Unit;

public sealed class IamUserDeciderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.NewGuid();

    private static IamUserDecider.Observation Seen(IamUserObservation user, DateTimeOffset at) => new(Id, Account, "aws", user, at, Guid.NewGuid());

    private static IamUser Existing(IamUserObservation user) =>
        IamUser.Fold(null, IamUserDecider.Decide(null, Seen(user, T0)))!;

    private static List<string> Names(IEnumerable<object> events) => [.. events.Select(e => e.GetType().Name)];

    [Fact]
    public void A_new_user_is_created_and_the_same_observation_again_appends_nothing()
    {
        var user = User("alice") with { Tags = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, GroupNames = ["admins", "devs"] };
        var state = Existing(user);
        Assert.Equal(user, state.User);
        var reordered = user with { Tags = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" }, GroupNames = ["devs", "admins"] };
        Assert.Empty(IamUserDecider.Decide(state, Seen(reordered, T0.AddDays(1))));
    }

    [Fact]
    public void Credential_changes_are_named_and_the_state_ends_equal_to_the_observation()
    {
        var state = Existing(User("alice") with { MfaDevices = [new("mfa/alice", "virtual", T0)] });
        var now = state.User with
        {
            MfaDevices = [new("mfa/alice-yubikey", "u2f", T0.AddDays(1))],
            Credentials = new CredentialReportRow
            {
                PasswordEnabled = false,
                AccessKey1 = new() { Active = true, LastRotated = T0.AddDays(1), LastUsedDate = T0.AddDays(1).AddHours(1), LastUsedService = "s3" },
            },
        };
        var events = IamUserDecider.Decide(state, Seen(now, T0.AddDays(2)));
        Assert.Equal(["ConsolePasswordRemoved", "AccessKeyCreated", "AccessKeyUsed", "MfaDeviceEnrolled", "MfaDeviceRemoved"], Names(events));
        Assert.True(IamUserDecider.Same(IamUser.Fold(state, events)!.User, now));
    }

    [Fact]
    public void A_new_key_in_an_active_slot_is_a_rotation_and_an_inactive_slot_is_a_deactivation()
    {
        var keyed = User("bob") with { Credentials = new() { AccessKey1 = new() { Active = true, LastRotated = T0 }, AccessKey2 = new() { Active = true, LastRotated = T0 } } };
        var state = Existing(keyed);
        var now = keyed with { Credentials = new() { AccessKey1 = new() { Active = true, LastRotated = T0.AddDays(90) }, AccessKey2 = new() { Active = false, LastRotated = T0 } } };
        var events = IamUserDecider.Decide(state, Seen(now, T0.AddDays(91)));
        Assert.Equal(["AccessKeyRotated", "AccessKeyDeactivated"], Names(events));
        Assert.Equal(1, ((AccessKeyRotated)events[0]).Slot);
        Assert.Equal(2, ((AccessKeyDeactivated)events[1]).Slot);
    }

    [Fact]
    public void An_older_observation_is_ignored_and_a_deleted_user_seen_again_reappears()
    {
        var state = Existing(User("carol"));
        Assert.Empty(IamUserDecider.Decide(state, Seen(User("carol") with { GroupNames = ["x"] }, T0.AddHours(-1))));
        var deleted = IamUser.Next(state, new IamUserDeleted("not-seen-in-complete-sync", T0.AddDays(1), Guid.NewGuid()))!;
        Assert.Equal(["IamUserReappeared"], Names(IamUserDecider.Decide(deleted, Seen(User("carol"), T0.AddDays(2)))));
    }

    [Fact]
    public void Changes_without_a_specific_event_still_reach_the_state()
    {
        var state = Existing(User("dave"));
        var now = state.User with { Unparseable = ["inline policy 'x' is not JSON"], GroupNames = ["ops"], Policies = [new("group:ops", "aws-managed", "AdministratorAccess", "arn:aws:iam::aws:policy/AdministratorAccess", null)] };
        var events = IamUserDecider.Decide(state, Seen(now, T0.AddDays(1)));
        Assert.Equal(["GroupMembershipChanged", "PoliciesChanged", "IamUserDetailsChanged"], Names(events));
        Assert.Equal(["group:ops:arn:aws:iam::aws:policy/AdministratorAccess"], ((PoliciesChanged)events[1]).Added);
        Assert.True(IamUserDecider.Same(IamUser.Fold(state, events)!.User, now));
    }

    [Fact]
    public void Data_problems_alone_are_a_change_and_the_same_ones_again_are_not()
    {
        var state = Existing(User("erin"));
        var unread = state.User with { DataProblems = [new(DataParts.CredentialReport, "mfa_active", "credential report mfa_active = 'maybe' is not a recognised value")] };
        var events = IamUserDecider.Decide(state, Seen(unread, T0.AddDays(1)));
        Assert.Equal(["IamUserDetailsChanged"], Names(events));
        var after = IamUser.Fold(state, events)!;
        Assert.Equal(unread.DataProblems, after.User.DataProblems);
        Assert.Empty(IamUserDecider.Decide(after, Seen(unread, T0.AddDays(2))));
    }
}
