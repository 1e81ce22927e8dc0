using System.Net;
using Thalian.AwsCollector.Tests.Fixtures;

namespace Thalian.AwsCollector.Tests.Emulated;

/// <summary>Throttling storms are ridden out; unreadable answers end the run incomplete with a clear error, and the service stays up.</summary>
public sealed class When_aws_misbehaves(EmulatorCollectorFixture fixture) : IClassFixture<EmulatorCollectorFixture>
{
    [Fact]
    public async Task A_throttling_storm_still_ends_in_a_complete_sync()
    {
        var (_, _, sync) = await fixture.ConnectAndSyncAsync(EmulatorCollectorFixture.Keys(3));

        Assert.True(sync.Completed.Complete, sync.Completed.Error);
        Assert.Equal(3, sync.Users.Count);
        Assert.True(sync.Account!.Posture.CloudTrailAvailable);
        Assert.Single(sync.Account.Posture.RootActivity);
        var served = fixture.Emulator.State.Served.Where(r => r.AccountId == "100000000003").ToList();
        Assert.True(served.Count(r => r.Action == "GetAccountAuthorizationDetails") > 4);
        Assert.True(served.Count(r => r.Action == "LookupEvents") > 4);
    }

    [Fact]
    public async Task Expired_in_progress_and_missing_credential_reports_are_generated_again_and_awaited()
    {
        var (_, _, sync) = await fixture.ConnectAndSyncAsync(EmulatorCollectorFixture.Keys(13));

        Assert.True(sync.Completed.Complete, sync.Completed.Error);
        Assert.NotNull(sync.User("u1").Credentials);
        var served = fixture.Emulator.State.Served.Where(r => r.AccountId == "100000000013").ToList();
        Assert.Equal(5, served.Count(r => r.Action == "GetCredentialReport"));
        Assert.True(served.Count(r => r.Action == "GenerateCredentialReport") >= 3);
    }

    [Fact]
    public async Task A_disabled_cloudtrail_region_degrades_visibility_but_keeps_what_other_regions_showed()
    {
        var (_, _, sync) = await fixture.ConnectAndSyncAsync(new
        {
            accessKeyId = EmulatorCollectorFixture.KeyId(14), secretAccessKey = EmulatorCollectorFixture.Secret(14), cloudTrailRegions = new[] { "ap-south-2" },
        });

        Assert.True(sync.Completed.Complete, sync.Completed.Error);
        var posture = sync.Account!.Posture;
        Assert.False(posture.CloudTrailAvailable);
        Assert.Contains("ap-south-2", posture.CloudTrailError, StringComparison.Ordinal);
        Assert.Contains("not to be enabled", posture.CloudTrailError, StringComparison.Ordinal);
        Assert.Equal("us-east-1", Assert.Single(posture.RootActivity).Region);
        Assert.Contains(sync.Completed.Degradations, d => d.StartsWith("cloudtrail:LookupEvents unavailable", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(4, "iam:GetAccountAuthorizationDetails")]
    [InlineData(5, "iam:GetCredentialReport")]
    [InlineData(6, "cloudtrail:LookupEvents")]
    public async Task Malformed_answers_end_the_sync_incomplete_with_a_clear_error(int account, string action)
    {
        var (tenant, id, sync) = await fixture.ConnectAndSyncAsync(EmulatorCollectorFixture.Keys(account));

        Assert.False(sync.Completed.Complete);
        Assert.Contains("could not read", sync.Completed.Error, StringComparison.Ordinal);
        Assert.Contains(action, sync.Completed.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was removed", sync.Completed.Error, StringComparison.Ordinal);
        Assert.Empty(sync.Batches);
        Assert.Null(sync.Account);
        var connection = await fixture.GetConnectionAsync(tenant, id);
        Assert.False(connection.GetProperty("lastSyncComplete").GetBoolean());

        using var client = fixture.Host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        var (_, _, next) = await fixture.ConnectAndSyncAsync(EmulatorCollectorFixture.Keys(9));
        Assert.True(next.Completed.Complete, next.Completed.Error);
    }
}
