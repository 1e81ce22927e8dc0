using Thalian.Contracts.Idp;
using Thalian.IdpCollector.Connecting;
using Thalian.IdpEmulator;

namespace Thalian.IdpCollector.Tests;

/// <summary>The raw values above, as they arrive over the wire, end up normalised with the raw status kept.</summary>
public sealed class Normalised_accounts_from_the_emulator(EmulatorFixture fx) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Okta_raw_statuses_map_per_the_table()
    {
        fx.Use(new Scenario { Okta = Scenarios.Okta() });
        using var client = fx.Client(IdpProviders.Okta, fx.OktaSettings, new ConnectionSecrets { ApiToken = "okta-test-token" });

        var byRaw = (await EmulatorFixture.ListAsync(client)).ToLookup(a => a.RawStatus, a => a.Lifecycle);

        Assert.Equal(IdpLifecycle.Active, byRaw["PASSWORD_EXPIRED"].Single());
        Assert.Equal(IdpLifecycle.Staged, byRaw["PROVISIONED"].Single());
        Assert.Equal(IdpLifecycle.Locked, byRaw["LOCKED_OUT"].Single());
        Assert.Equal(IdpLifecycle.Unknown, byRaw["ACTIVATING"].Single());
        Assert.Equal(IdpLifecycle.Deprovisioned, byRaw["ACTIVE (transitioningToStatus=DEPROVISIONED)"].Single());
    }

    [Fact]
    public async Task OneLogin_status_and_state_codes_map_per_the_table()
    {
        fx.Use(new Scenario { OneLogin = Scenarios.OneLogin() });
        using var client = fx.Client(IdpProviders.OneLogin, fx.OneLoginSettings, new ConnectionSecrets { ClientSecret = "ol-secret" });

        var accounts = await EmulatorFixture.ListAsync(client);

        Assert.Equal(
            [IdpLifecycle.Active, IdpLifecycle.Active, IdpLifecycle.Active, IdpLifecycle.Active, IdpLifecycle.Staged, IdpLifecycle.Staged,
             IdpLifecycle.Suspended, IdpLifecycle.Locked, IdpLifecycle.Unknown, IdpLifecycle.Staged, IdpLifecycle.Suspended, IdpLifecycle.Suspended, IdpLifecycle.Unknown],
            accounts.Select(a => a.Lifecycle));
        Assert.Equal("status=1, state=3", accounts[11].RawStatus);
    }

    [Fact]
    public async Task JumpCloud_state_and_flags_map_per_the_table()
    {
        fx.Use(new Scenario { JumpCloud = Scenarios.JumpCloud() });
        using var client = fx.Client(IdpProviders.JumpCloud, fx.JumpCloudSettings, new ConnectionSecrets { ApiKey = "jc-key" });

        var accounts = await EmulatorFixture.ListAsync(client);

        Assert.Equal(
            [IdpLifecycle.Active, IdpLifecycle.Active, IdpLifecycle.Staged, IdpLifecycle.Suspended, IdpLifecycle.Suspended, IdpLifecycle.Locked, IdpLifecycle.Unknown],
            accounts.Select(a => a.Lifecycle));
        Assert.True(accounts[1].CredentialAttention);
    }
}
