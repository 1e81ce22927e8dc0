using Thalian.Contracts.Idp;
using Thalian.IdpCollector.ReadingDirectories.Entra;
using Thalian.IdpCollector.ReadingDirectories.Google;
using Thalian.IdpCollector.ReadingDirectories.JumpCloud;
using Thalian.IdpCollector.ReadingDirectories.Okta;
using Thalian.IdpCollector.ReadingDirectories.OneLogin;
using static Thalian.Contracts.Idp.IdpLifecycle;

namespace Thalian.IdpCollector.Tests;

/// <summary>Every raw status of the normalisation table (idp-wire.md §7); anything unknown is Unknown, never Active.</summary>
public sealed class Status_normalisation
{
    [Theory]
    [InlineData("ACTIVE", null, Active, false)]
    [InlineData("PASSWORD_EXPIRED", null, Active, true)]
    [InlineData("RECOVERY", null, Active, true)]
    [InlineData("STAGED", null, Staged, false)]
    [InlineData("PROVISIONED", null, Staged, false)]
    [InlineData("LOCKED_OUT", null, Locked, false)]
    [InlineData("SUSPENDED", null, Suspended, false)]
    [InlineData("DEPROVISIONED", null, Deprovisioned, false)]
    [InlineData("ACTIVE", "DEPROVISIONED", Deprovisioned, false)]
    [InlineData("ACTIVATING", null, Unknown, false)]
    [InlineData("", null, Unknown, false)]
    [InlineData(null, null, Unknown, false)]
    public void Okta(string? status, string? transitioning, IdpLifecycle expected, bool attention) =>
        Assert.Equal((expected, attention), OktaNormaliser.Lifecycle(status, transitioning));

    [Theory]
    [InlineData(true, "Member", null, false, Active)]
    [InlineData(true, "Guest", "Accepted", false, Active)]
    [InlineData(true, "Guest", "PendingAcceptance", false, Staged)]
    [InlineData(false, "Member", null, false, Suspended)]
    [InlineData(false, "Guest", "PendingAcceptance", false, Suspended)]
    [InlineData(true, "Member", null, true, Deprovisioned)]
    [InlineData(false, "Member", null, true, Deprovisioned)]
    [InlineData(null, "Member", null, false, Unknown)]
    public void Entra(bool? enabled, string? userType, string? externalState, bool deleted, IdpLifecycle expected) =>
        Assert.Equal(expected, EntraNormaliser.Lifecycle(enabled, userType, externalState, deleted));

    [Theory]
    [InlineData(false, false, false, Active)]
    [InlineData(null, null, false, Unknown)]
    [InlineData(false, null, false, Unknown)]
    [InlineData(null, false, false, Unknown)]
    [InlineData(true, null, false, Suspended)]
    [InlineData(null, true, false, Deprovisioned)]
    [InlineData(null, null, true, Deprovisioned)]
    [InlineData(true, false, false, Suspended)]
    [InlineData(false, true, false, Deprovisioned)]
    [InlineData(true, true, false, Deprovisioned)]
    [InlineData(false, false, true, Deprovisioned)]
    public void Google(bool? suspended, bool? archived, bool deleted, IdpLifecycle expected) =>
        Assert.Equal(expected, GoogleNormaliser.Lifecycle(suspended, archived, deleted));

    [Theory]
    [InlineData("ACTIVATED", false, false, false, Active, false)]
    [InlineData("ACTIVATED", false, false, true, Active, true)]
    [InlineData("STAGED", false, false, false, Staged, false)]
    [InlineData("SUSPENDED", false, false, false, Suspended, false)]
    [InlineData("ACTIVATED", true, false, false, Suspended, false)]
    [InlineData("SUSPENDED", true, true, false, Suspended, false)]
    [InlineData("ACTIVATED", false, true, false, Locked, false)]
    [InlineData("ARCHIVED", false, false, false, Unknown, false)]
    [InlineData(null, null, null, null, Unknown, false)]
    public void JumpCloud(string? state, bool? suspended, bool? locked, bool? passwordExpired, IdpLifecycle expected, bool attention) =>
        Assert.Equal((expected, attention), JumpCloudNormaliser.Lifecycle(state, suspended, locked, passwordExpired));

    [Theory]
    [InlineData(1, 1, Active, false)]
    [InlineData(4, 1, Active, true)]
    [InlineData(5, 1, Active, true)]
    [InlineData(8, 1, Active, true)]
    [InlineData(0, 1, Staged, false)]
    [InlineData(7, 1, Staged, false)]
    [InlineData(2, 1, Suspended, false)]
    [InlineData(3, 1, Locked, false)]
    [InlineData(6, 1, Unknown, false)]
    [InlineData(1, 0, Staged, false)]
    [InlineData(1, 2, Suspended, false)]
    [InlineData(1, 3, Suspended, false)]
    [InlineData(1, 9, Unknown, false)]
    [InlineData(null, 1, Unknown, false)]
    public void OneLogin(int? status, int? state, IdpLifecycle expected, bool attention) =>
        Assert.Equal((expected, attention), OneLoginNormaliser.Lifecycle(status, state));
}
