using Thalian.AwsCollector.Tests.Fixtures;

namespace Thalian.AwsCollector.Tests.Emulated;

public sealed class When_syncing_other_partitions(EmulatorCollectorFixture fixture) : IClassFixture<EmulatorCollectorFixture>
{
    [Theory]
    [InlineData(11, "aws-us-gov", "us-gov-west-1")]
    [InlineData(12, "aws-cn", "cn-north-1")]
    public async Task Iam_and_cloudtrail_are_signed_for_the_partition_and_arns_keep_it(int account, string partition, string region)
    {
        var (_, _, sync) = await fixture.ConnectAndSyncAsync(new
        {
            accessKeyId = EmulatorCollectorFixture.KeyId(account), secretAccessKey = EmulatorCollectorFixture.Secret(account), region,
        });

        Assert.True(sync.Completed.Complete, sync.Completed.Error);
        Assert.Equal(partition, sync.Account!.Partition);
        Assert.All(sync.Batches, b => Assert.Equal(partition, b.Partition));
        var user = sync.User("gov-admin");
        Assert.StartsWith($"arn:{partition}:iam::", user.Arn, StringComparison.Ordinal);
        Assert.Contains(user.Policies, p => p is { Kind: "aws-managed" } && p.PolicyArn == $"arn:{partition}:iam::aws:policy/AdministratorAccess");
        Assert.Single(sync.Account.Posture.RootActivity);
        var served = fixture.Emulator.State.Served.Where(r => r.AccountId == EmulatorCollectorFixture.AccountId(account)).ToList();
        Assert.All(served, r => Assert.Equal(region, r.SigningRegion));
        Assert.Contains(served, r => r.Action == "LookupEvents");
    }
}
